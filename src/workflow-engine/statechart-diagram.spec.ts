import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { statechartMermaid } from './statechart-diagram.js';

const names = { state: (p: string) => p.toUpperCase(), event: (t: string, g: string | null) => (g ? `${t} [${g}]` : t) };

describe('statechart → Mermaid', () => {
  const machine = createMachine({
    id: 'm',
    initial: 'a',
    states: {
      a: { on: { go: 'work', quit: 'gone' } },
      work: {
        initial: 'x',
        states: { x: { on: { next: 'y', quit: '#m.gone', note: {} } }, y: { on: { quit: '#m.gone', done: '#m.end' } } },
      },
      gone: { type: 'final' },
      end: { type: 'final' },
    },
  });

  it('nests compound states, draws one arrow for a move every child makes, and lists the moves that change no state', () => {
    const { mermaid, inPlace } = statechartMermaid(machine, names);
    const lines = mermaid.split('\n').map((l) => l.trim());
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('state "WORK" as work {');
    expect(lines).toContain('state "WORK.X" as work__x');
    expect(lines).toContain('[*] --> work__x');
    // quit leaves both x and y: one arrow from the compound state.
    expect(lines).toContain('work --> gone: quit');
    expect(lines.filter((l) => l.startsWith('work__x --> gone') || l.startsWith('work__y --> gone'))).toEqual([]);
    expect(lines).toContain('a --> work: go');
    expect(lines).toContain('work__y --> end: done');
    expect(lines).toContain('gone --> [*]');
    expect([...inPlace]).toEqual([['note', ['work.x']]]);
  });
});
