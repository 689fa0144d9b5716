import { describe, expect, it } from 'vitest';
import { dueDateOf } from '../../src/domain/due-date.js';

describe('dueDateOf', () => {
  it('puts "entro aprile" on the last day of April and "entro febbraio" 2020 on the 29th', () => {
    expect(dueDateOf({ type: 'month', year: 2020, month: 4 })).toBe('2020-04-30');
    expect(dueDateOf({ type: 'month', year: 2020, month: 2 })).toBe('2020-02-29');
    expect(dueDateOf({ type: 'month', year: 2022, month: 12 })).toBe('2022-12-31');
  });
  it('keeps an explicit day ("entro il 30.9.2020") and ends a year on 31/12 ("Entro 2021")', () => {
    expect(dueDateOf({ type: 'date', date: '2020-09-30' })).toBe('2020-09-30');
    expect(dueDateOf({ type: 'year', year: 2021 })).toBe('2021-12-31');
  });
  it('has no day for deadlines set by law, regulation or a call', () => {
    expect(dueDateOf({ type: 'legal', note: 'entro i termini previsti per legge' })).toBeNull();
    expect(dueDateOf({ type: 'regulation', note: 'dal regolamento' })).toBeNull();
    expect(dueDateOf({ type: 'call', note: 'dal bando' })).toBeNull();
  });
});
