/**
 * The answers the pages read. The OpenAPI document does not describe responses yet (issue 22 asks for it); until it
 * does, these mirror the server's views (src/modules/dossier/dossier-view.ts, dossier-inbox.service.ts, catalog).
 */
export interface ProcedureDocument {
  name: string;
  form: 'original' | 'certified_copy' | 'copy';
  count: number;
  optional?: boolean;
  fromNationalDb?: boolean;
  note?: string;
}

export interface Procedure {
  code: string;
  name: string;
  field: string;
  definitionVersion: number;
  deadline: { amount: number; unit: string; cutoff?: string; text: string };
  fee: { amount: number; text: string };
  online: 'full' | 'partial' | 'none';
  documents: ProcedureDocument[];
}

export interface Agency {
  code: string;
  name: string;
  level: 'province' | 'commune' | 'department';
  kind: string | null;
  parentCode: string | null;
  communeCode: string | null;
}

export interface WorkingTimeLeft {
  ms: number;
  text: string;
}

export interface DossierStep {
  id: string;
  name: string;
  owner: { kind: string; agencyCode: string; name: string | null };
  budget: number;
  startedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  result: 'early' | 'on_time' | 'late' | null;
}

export interface Dossier {
  id: string;
  code: string;
  agencyCode: string;
  procedure: { code: string; name: string; version: number };
  channel: string;
  applicant: { fullName: string; idNumber: string; phone?: string; email?: string; address?: string };
  subject: string | null;
  documents: { name: string; form: string; count: number }[];
  status: string;
  statusText: string;
  condition: string;
  conditionText: string;
  clock: 'running' | 'paused' | 'stopped';
  currentStep: { id: string; name: string; ownerCode: string; ownerName: string | null; dueAt: string | null } | null;
  allowedActions: string[];
  userActions?: string[];
  trackingUrl?: string;
  workingTimeLeft: WorkingTimeLeft | null;
  viewedAt?: string;
  version: number;
  receivedAt: string;
  dueAt: string;
  originalDueAt: string;
  apologyDueBy: string | null;
  outcome: 'issued' | 'denied' | null;
  reason: string | null;
  resolvedAt: string | null;
  returnedAt: string | null;
  finishedAt: string | null;
  steps: DossierStep[];
  apologies: { at: string; reason: string; previousDueAt: string; newDueAt: string; dueBy: string; onTime: boolean; by: string }[];
  waits: { kind: 'supplement' | 'payment'; requestedAt: string; resumedAt: string | null; items?: string[]; amount?: number; online?: boolean }[];
  rating: { level: string; comment: string | null; at: string | null } | null;
  timeline?: { seq: number; action: string; actionText: string; actor: string; at: string; from: string | null; to: string | null; note: string | null; payload: Record<string, unknown> }[];
}

export interface InboxItem {
  id: string;
  code: string;
  procedure: { code: string; name: string; field: string | null };
  applicantName: string;
  status: string;
  statusText: string;
  badge: 'on_time' | 'warned' | 'overdue' | 'apologized' | 'waiting';
  badgeText: string;
  receivedAt: string;
  dueAt: string;
  step: { id: string; name: string; ownerName: string | null; dueAt: string | null };
  workingTimeLeft: WorkingTimeLeft | null;
  version: number;
}

export interface Inbox {
  at: string;
  items: InboxItem[];
  page: number;
  pageSize: number;
  total: number;
  counts: Record<'all' | InboxItem['badge'], number>;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface PublicDossier {
  code: string;
  procedure: { code: string; name: string };
  agency: { code: string; name: string | null };
  applicantName: string;
  status: string;
  statusText: string;
  receivedAt: string;
  dueAt: string;
  result: { outcome: 'issued' | 'denied'; readyAt: string | null; returnedAt: string | null } | null;
  apologies: { at: string; newDueAt: string }[];
  canRate: boolean;
  rated: boolean;
  secretValid: boolean;
  originalDueAt?: string;
  denialReason?: string | null;
  steps?: { name: string; unit: string | null; startedAt: string | null; finishedAt: string | null }[];
  missingPapers?: string[];
  supplementRequestedAt?: string | null;
  payment?: { amount: number | null; requestedAt: string | null } | null;
  apologyLetters?: { at: string; reason: string; previousDueAt: string; newDueAt: string }[];
  rating?: { level: string; at: string | null } | null;
}

export interface PublicFeedback {
  code: string;
  agency: { code: string; name: string | null };
  subject: string | null;
  senderName: string;
  status: string;
  statusText: string;
  receivedAt: string;
  dueAt: string | null;
  answer: string | null;
  publishedAt: string | null;
  outOfScopeReason: string | null;
  canRate: boolean;
}
