import type { components } from './schema';

/** The answers the pages read, named as the server's OpenAPI document names them (schema.d.ts, `npm run api:types`). */
type S = components['schemas'];
export type ProcedureDocument = S['ProcedureDocument'];
export type Procedure = S['ProcedureSummary'];
export type Agency = S['Agency'];
export type WorkingTimeLeft = NonNullable<S['InboxItem']['workingTimeLeft']>;
export type DossierStep = S['DossierStep'];
export type Dossier = S['DossierView'];
export type InboxItem = S['InboxItem'];
export type Inbox = S['Inbox'];
export type PublicDossier = S['PublicDossier'];
export type PublicFeedback = S['PublicFeedback'];
export type Board = S['OverdueBoard'];
export type BoardItem = S['OverdueBoard']['items'][number];
export type Indicators = S['Indicators'];
export type IndicatorRow = S['IndicatorRow'];
export type Form06 = S['Form06'];
export type Index766 = S['Index766'];
export type PlanReport = S['PlanReport'];
export type LateSteps = S['LateSteps'];
export type Register = S['Register'];
export type FeedbackItem = S['FeedbackView'];
export type PlanTasks = S['PlanTasks'];
export type PlanTaskRow = S['PlanTasks']['tasks'][number];
export type PlanTaskDetail = S['PlanTask'];
export type PlanTaskReport = S['PlanTaskReport'];
