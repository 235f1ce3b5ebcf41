import { lazy, Suspense, type ReactNode } from 'react';
import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { homeOf, mayEnter, useSession, type Area } from './auth/session';
import { Layout } from './components/Layout';
import { Forbidden, NotFound } from './pages/Errors';
import { SignIn } from './pages/SignIn';
import { StationPage } from './pages/station/StationPage';

const Dashboard = lazy(() => import('./pages/Dashboard'));
const LotsPage = lazy(() => import('./pages/lots/LotsPage'));
const LotPage = lazy(() => import('./pages/lots/LotPage'));
const UnitPage = lazy(() => import('./pages/UnitPage'));
const UnitsPage = lazy(() => import('./pages/UnitsPage'));
const Admin = lazy(() => import('./pages/admin/Admin'));

function Loading() {
  return (
    <Center h={240} aria-busy="true">
      <Loader />
    </Center>
  );
}

/** Signed in and of a role that may open the area; else sign-in (returning here) or 403. */
function Guard({ area, children }: { area: Area; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!mayEnter(session.user.role, area)) return <Forbidden />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function Home() {
  const session = useSession();
  return <Navigate to={session ? homeOf(session.user.role) : '/sign-in'} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignIn />} />
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="station" element={<Guard area="station"><StationPage /></Guard>} />
        <Route path="dashboard" element={<Guard area="dashboard"><Dashboard /></Guard>} />
        <Route path="lots" element={<Guard area="lots"><LotsPage /></Guard>} />
        <Route path="lots/:id" element={<Guard area="lots"><LotPage /></Guard>} />
        <Route path="units" element={<Guard area="units"><UnitsPage /></Guard>} />
        <Route path="units/:ref" element={<Guard area="units"><UnitPage /></Guard>} />
        <Route path="admin/*" element={<Guard area="masterData"><Admin /></Guard>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
