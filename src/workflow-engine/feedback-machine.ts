import { assign, initialTransition, setup, transition, type SnapshotFrom } from 'xstate';

/** Staff actions on a feedback item (domain.md §8): classify, forward, answer, publish. */
export const FEEDBACK_ACTIONS = ['classify', 'forward', 'answer', 'publish'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

export const FEEDBACK_STATUSES = ['received', 'classified', 'forwarded', 'answered', 'published', 'out_of_scope'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export type FeedbackEvent = { type: 'classify'; inScope: boolean } | { type: 'forward' } | { type: 'answer' } | { type: 'publish' };

export interface FeedbackContext {
  /** How many times the item was sent to a handling unit (forwarded again when the first unit was wrong). */
  forwards: number;
}

/**
 * The feedback lifecycle, built and stepped like the dossier machine (pure `transition`, persisted snapshot):
 * received → classified → forwarded (again, if need be) → answered → published; or out_of_scope (complaints and
 * denunciations, referred elsewhere with the reason). The centre may answer an item itself without forwarding.
 */
export function buildFeedbackMachine() {
  return setup({
    types: {} as { context: FeedbackContext; events: FeedbackEvent },
    guards: {
      inScope: ({ event }) => event.type === 'classify' && event.inScope,
      outOfScope: ({ event }) => event.type === 'classify' && !event.inScope,
    },
    actions: { countForward: assign(({ context }) => ({ forwards: context.forwards + 1 })) },
  }).createMachine({
    id: 'feedback',
    context: { forwards: 0 },
    initial: 'received',
    states: {
      received: {
        on: {
          classify: [
            { guard: 'inScope', target: 'classified' },
            { guard: 'outOfScope', target: 'out_of_scope' },
          ],
        },
      },
      classified: { on: { forward: { target: 'forwarded', actions: 'countForward' }, answer: { target: 'answered' } } },
      forwarded: { on: { forward: { target: 'forwarded', actions: 'countForward', reenter: true }, answer: { target: 'answered' } } },
      answered: { on: { publish: { target: 'published' } } },
      published: { type: 'final' },
      out_of_scope: { type: 'final' },
    },
  });
}

export type FeedbackMachine = ReturnType<typeof buildFeedbackMachine>;
export type FeedbackSnapshot = SnapshotFrom<FeedbackMachine>;

export const startFeedback = (m: FeedbackMachine): FeedbackSnapshot => initialTransition(m)[0];

export const restoreFeedback = (m: FeedbackMachine, p: { value: unknown; context: FeedbackContext }): FeedbackSnapshot =>
  m.resolveState({ value: p.value as never, context: p.context });

export function stepFeedback(m: FeedbackMachine, s: FeedbackSnapshot, e: FeedbackEvent): FeedbackSnapshot | null {
  return s.can(e) ? transition(m, s, e)[0] : null;
}

export function feedbackAllowed(s: FeedbackSnapshot): FeedbackAction[] {
  return FEEDBACK_ACTIONS.filter((a) =>
    a === 'classify' ? s.can({ type: 'classify', inScope: true }) || s.can({ type: 'classify', inScope: false }) : s.can({ type: a } as FeedbackEvent),
  );
}
