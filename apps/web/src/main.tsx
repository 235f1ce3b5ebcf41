import '@mantine/core/styles.css';
// Urdu in Nastaliq on any device, fonts installed or not. Each face is fetched only when a
// page shows Urdu (its unicode-range), so English screens load nothing more.
import '@fontsource/noto-nastaliq-urdu/400.css';
import '@fontsource/noto-nastaliq-urdu/700.css';
import './app.css';
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DirectionProvider, MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { ApiError } from './api/client';
import { dirOf } from './i18n';
import i18n from './i18n';

const theme = createTheme({
  fontSizes: { xs: '15px', sm: '16px', md: '18px', lg: '20px', xl: '24px' },
  primaryColor: 'blue',
  primaryShade: 9, // white on blue.9 passes WCAG AA; the default shade does not
  defaultRadius: 'sm',
  fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", "Noto Nastaliq Urdu", "Noto Naskh Arabic", sans-serif',
  headings: { fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", sans-serif' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.retryable),
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DirectionProvider initialDirection={dirOf(i18n.language)} detectDirection>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
