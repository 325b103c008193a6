import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** Names people read: of states (by their path, `processing.tham_dinh`) and of events (`complete_step`). */
export interface DiagramNames {
  state(path: string): string;
  event(type: string, guard: string | null): string;
  /** What a transition's actions do, as a reader should know it (null: nothing worth a word). */
  effects?(actions: string[]): string | null;
}

const id = (node: AnyStateNode): string => node.path.join('__') || 'root';
const guardName = (g: unknown): string | null => (typeof g === 'string' ? g : ((g as { type?: string } | undefined)?.type ?? null));
const actionNames = (actions: readonly unknown[] | undefined): string[] =>
  (actions ?? []).map((a) => (typeof a === 'string' ? a : ((a as { type?: string }).type ?? ''))).filter((a) => a !== '');

/** Nodes standing for a set of states: a compound state replaces all its leaves when every one of them is in the set. */
function collapse(nodes: AnyStateNode[]): AnyStateNode[] {
  const set = new Set(nodes);
  const leaves = (n: AnyStateNode): AnyStateNode[] => {
    const kids = Object.values(n.states) as AnyStateNode[];
    return kids.length ? kids.flatMap(leaves) : [n];
  };
  for (const n of nodes) {
    for (let up = n.parent; up && up.parent; up = up.parent) {
      const all = leaves(up);
      if (all.every((l) => set.has(l))) {
        for (const l of all) set.delete(l);
        set.add(up);
      }
    }
  }
  return [...set];
}

/**
 * A machine as a Mermaid state diagram (`stateDiagram-v2`), read through XState's public state-node tree: every
 * state, nested states inside their parent, each transition to a target with its event's name (and, after a slash,
 * what its actions do). A transition that
 * leaves (or reaches) every state of a compound state is drawn once from (or to) that state, and transitions between
 * the same two states share one arrow, so that the diagram stays readable. Transitions without a target (they change
 * only the context) are returned apart, since a diagram has no place for them. The same machine always gives the
 * same text, so a stale diagram is found by comparing.
 */
export function statechartMermaid(machine: AnyStateMachine, names: DiagramNames): { mermaid: string; inPlace: Map<string, string[]> } {
  const lines = ['stateDiagram-v2'];
  const finals: string[] = [];
  const raw: { from: AnyStateNode; to: AnyStateNode; label: string }[] = [];
  const inPlace = new Map<string, string[]>();
  const walk = (node: AnyStateNode, indent: string): void => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      const label = names.state(child.path.join('.'));
      if (Object.keys(child.states).length > 0) {
        lines.push(`${indent}state "${label}" as ${id(child)} {`);
        const initial = child.initial?.target?.[0];
        if (initial) lines.push(`${indent}  [*] --> ${id(initial)}`);
        walk(child, indent + '  ');
        lines.push(`${indent}}`);
      } else lines.push(`${indent}state "${label}" as ${id(child)}`);
      if (child.type === 'final') finals.push(`${id(child)} --> [*]`);
      for (const t of [...child.transitions.values()].flat()) {
        const effect = names.effects?.(actionNames(t.actions)) ?? null;
        const event = names.event(String(t.eventType), guardName(t.guard)) + (effect ? ` / ${effect}` : '');
        if (!t.target?.length) inPlace.set(event, [...(inPlace.get(event) ?? []), child.path.join('.')]);
        for (const to of t.target ?? []) raw.push({ from: child, to, label: event });
      }
    }
  };
  const root = machine.root as AnyStateNode;
  const first = root.initial?.target?.[0];
  if (first) lines.push(`  [*] --> ${id(first)}`);
  walk(root, '  ');
  // Sources of one event to one target, collapsed; then targets of one event from one source, collapsed.
  const group = <K>(items: typeof raw, key: (e: (typeof raw)[number]) => K): Map<K, typeof raw> => {
    const m = new Map<K, typeof raw>();
    for (const e of items) m.set(key(e), [...(m.get(key(e)) ?? []), e]);
    return m;
  };
  const bySources = [...group(raw, (e) => `${e.label}\u0000${id(e.to)}`).values()].flatMap((es) =>
    collapse(es.map((e) => e.from)).map((from) => ({ from, to: es[0].to, label: es[0].label })),
  );
  const byTargets = [...group(bySources, (e) => `${e.label}\u0000${id(e.from)}`).values()].flatMap((es) =>
    collapse(es.map((e) => e.to)).map((to) => ({ from: es[0].from, to, label: es[0].label })),
  );
  const arrows = [...group(byTargets, (e) => `${id(e.from)} --> ${id(e.to)}`)].map(
    ([arrow, es]) => `${arrow}: ${[...new Set(es.map((e) => e.label))].join('; ')}`,
  );
  return { mermaid: [...lines, ...arrows.map((a) => '  ' + a), ...finals.map((f) => '  ' + f)].join('\n'), inPlace };
}
