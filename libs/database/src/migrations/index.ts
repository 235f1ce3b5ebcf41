import { Foundation1764000000000 } from './1764000000000-foundation';
import { Units1764000001000 } from './1764000001000-units';
import { Quality1764000002000 } from './1764000002000-quality';
import { Registry1764000003000 } from './1764000003000-registry';
import { Packing1764000004000 } from './1764000004000-packing';
import { Reporting1764000005000 } from './1764000005000-reporting';
import { RegistryDeregistration1764000006000 } from './1764000006000-registry-deregistration';
import { GroupedUnitRecording1764000007000 } from './1764000007000-grouped-unit-recording';
import { DispositionEventLines1764000008000 } from './1764000008000-disposition-event-lines';
import { ReportRollups1764000009000 } from './1764000009000-report-rollups';
import { FewerWriteIndexes1764000010000 } from './1764000010000-fewer-write-indexes';
import { LeanerUnitIssue1764000011000 } from './1764000011000-leaner-unit-issue';
import { StageAttemptsOnUnits1764000012000 } from './1764000012000-stage-attempts-on-units';
import { ImeiClaimVacuum1764000013000 } from './1764000013000-imei-claim-vacuum';
import { QcResultsAreEvents1764000014000 } from './1764000014000-qc-results-are-events';
import { AssembledEventsFromUnits1764000015000 } from './1764000015000-assembled-events-from-units';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [
  Foundation1764000000000,
  Units1764000001000,
  Quality1764000002000,
  Registry1764000003000,
  Packing1764000004000,
  Reporting1764000005000,
  RegistryDeregistration1764000006000,
  GroupedUnitRecording1764000007000,
  DispositionEventLines1764000008000,
  ReportRollups1764000009000,
  FewerWriteIndexes1764000010000,
  LeanerUnitIssue1764000011000,
  StageAttemptsOnUnits1764000012000,
  ImeiClaimVacuum1764000013000,
  QcResultsAreEvents1764000014000,
  AssembledEventsFromUnits1764000015000,
];
