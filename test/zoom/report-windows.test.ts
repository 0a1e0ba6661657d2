import { describe, expect, it } from 'vitest';
import { checkReportRange, dailyReportReach, reportWindows } from '../../src/zoom/report-windows.ts';

describe('reportWindows', () => {
  it('splits a range into consecutive windows of at most one month, both ends included', () => {
    expect(reportWindows('2025-08-01', '2026-01-15')).toEqual([
      { from: '2025-08-01', to: '2025-08-31' },
      { from: '2025-09-01', to: '2025-09-30' },
      { from: '2025-10-01', to: '2025-10-31' },
      { from: '2025-11-01', to: '2025-11-30' },
      { from: '2025-12-01', to: '2025-12-31' },
      { from: '2026-01-01', to: '2026-01-15' },
    ]);
  });

  it('starts each window the day after the last, clamping to the shorter month', () => {
    expect(reportWindows('2026-01-31', '2026-03-31')).toEqual([
      { from: '2026-01-31', to: '2026-02-27' },
      { from: '2026-02-28', to: '2026-03-27' },
      { from: '2026-03-28', to: '2026-03-31' },
    ]);
  });

  it('is one window for a day or a month, none for a reversed or invalid range', () => {
    expect(reportWindows('2026-01-15', '2026-01-15')).toEqual([{ from: '2026-01-15', to: '2026-01-15' }]);
    expect(reportWindows('2026-01-15', '2026-02-14')).toHaveLength(1);
    expect(reportWindows('2026-01-15', '2026-02-15')).toHaveLength(2);
    expect(reportWindows('2026-02-01', '2026-01-31')).toEqual([]);
    expect(reportWindows('2026-02-30', '2026-03-01')).toEqual([]);
  });

  it('never leaves a gap or an overlap, and no window is longer than Zoom allows, for any range of a year', () => {
    const DAY = 86_400_000;
    const base = Date.UTC(2025, 0, 1);
    for (let start = 0; start < 60; start += 7) {
      for (const length of [0, 1, 27, 28, 29, 30, 31, 45, 90, 183, 365]) {
        const from = new Date(base + start * DAY).toISOString().slice(0, 10);
        const to = new Date(base + (start + length) * DAY).toISOString().slice(0, 10);
        const windows = reportWindows(from, to);
        expect(windows[0]?.from).toBe(from);
        expect(windows.at(-1)?.to).toBe(to);
        for (const [index, window] of windows.entries()) {
          const limit = new Date(`${window.from}T00:00:00Z`);
          limit.setUTCMonth(limit.getUTCMonth() + 1);
          expect(Date.parse(`${window.to}T00:00:00Z`)).toBeLessThanOrEqual(limit.getTime());
          if (index > 0) expect(Date.parse(`${window.from}T00:00:00Z`) - Date.parse(`${windows[index - 1]!.to}T00:00:00Z`)).toBe(DAY);
        }
      }
    }
  });
});

describe('checkReportRange', () => {
  const now = Date.UTC(2026, 0, 15, 9, 30);

  it('accepts a range starting six months back to the day, and refuses one a day older', () => {
    expect(checkReportRange('2025-07-15', '2026-01-15', now)).toBeUndefined();
    expect(checkReportRange('2025-07-14', '2026-01-15', now)).toMatchObject({ argument: 'from', reason: 'OUT_OF_REACH' });
  });

  it('refuses a reversed range on `to`', () => {
    expect(checkReportRange('2026-01-10', '2026-01-09', now)).toMatchObject({ argument: 'to', reason: 'RANGE_REVERSED' });
  });

  it('daily reach: this month and the six before', () => {
    const { oldest, latest } = dailyReportReach(now);
    expect(new Date(oldest).toISOString().slice(0, 10)).toBe('2025-07-01');
    expect(new Date(latest).toISOString().slice(0, 10)).toBe('2026-01-01');
  });
});
