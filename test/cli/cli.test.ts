import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { reportSchema } from '../../src/reports/report-schema.js';
import { cliOnFreshDatabase } from '../support/cli-on-database.js';
import { countRows } from '../support/test-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const { t, cli } = cliOnFreshDatabase();

describe('perfbot CLI', () => {
  it('imports a plan, then reports it as JSON valid against perfbot/report@1', async () => {
    const imported = await cli('import', path.join(root, 'examples', 'segrate-pdo-2022.json'));
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/^imported segrate\/pdo-2022: \d+ created, 0 updated, 0 retired, 0 unchanged\n$/);
    const report = await cli('report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '2022-07-31', '--format', 'json');
    expect(report.code).toBe(0);
    const parsed = reportSchema.parse(JSON.parse(report.stdout));
    expect(parsed).toMatchObject({ ente: 'segrate', plan: 'pdo-2022', asOf: '2022-07-31' });
    expect(parsed.sectors.map((s) => s.code)).toEqual(['AGSC', 'AVV', 'SAPS', 'STAFF', 'TSE']);
  });

  it('prints a readable Italian table per sector', async () => {
    await cli('import', path.join(root, 'examples', 'terre-argine-2020.json'));
    const { code, stdout } = await cli('report', '--ente', 'terre-argine', '--plan', 'pp-2020', '--at', '2020-11-15');
    expect(code).toBe(0);
    expect(stdout).toContain("Unione delle Terre d'Argine");
    expect(stdout).toContain('stato di avanzamento al 15/11/2020');
    expect(stdout).toContain('Settore RU — ');
    expect(stdout).toContain('Dirigente: Mario Ferrari');
    expect(stdout).toContain('media ponderata');
  });

  it('prints one line per mistake with file, path and value, exits non-zero and writes nothing', async () => {
    await cli('import', path.join(root, 'test', 'fixtures', 'small-plan.yaml'));
    const before = await countRows(t.db);
    const file = path.join(root, 'test', 'fixtures', 'ten-mistakes.yaml');
    const { code, stdout, stderr } = await cli('import', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith(`${file}: `))).toHaveLength(11);
    expect(lines.at(-1)).toBe('perfbot: nothing was written (11 error(s))');
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    expect(await countRows(t.db)).toEqual(before);
  });

  it('says clearly when the plan does not exist or an option is wrong', async () => {
    const missing = await cli('report', '--ente', 'nowhere', '--plan', 'x', '--at', '2022-07-31');
    expect(missing).toMatchObject({ code: 1, stderr: 'perfbot: ente "nowhere" not found\n' });
    const badDate = await cli('report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '31/07/2022');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('not a date YYYY-MM-DD: 31/07/2022');
    const badUrl = await runCli(['people', '--ente', 'x'], { stdout: () => {}, stderr: () => {}, env: { DATABASE_URL: 'mysql://x' } });
    expect(badUrl).toBe(1);
  });

  it('exports a plan that imports back unchanged', async () => {
    await cli('import', path.join(root, 'test', 'fixtures', 'small-plan.yaml'));
    const exported = await cli('export', '--ente', 'borgo-test', '--plan', 'pp-2022', '--format', 'yaml');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('format: perfbot/plan@1');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'perfbot-export-')), 'export.yaml');
    writeFileSync(file, exported.stdout);
    const again = await cli('import', file);
    expect(again.stdout).toMatch(/0 created, 0 updated, 0 retired/);
  });

  it('lists people with the roles valid on a date', async () => {
    await cli('import', path.join(root, 'examples', 'terre-argine-2020.json'));
    const october = JSON.parse((await cli('people', '--ente', 'terre-argine', '--at', '2020-10-15', '--format', 'json')).stdout);
    const november = JSON.parse((await cli('people', '--ente', 'terre-argine', '--at', '2020-11-15', '--format', 'json')).stdout);
    const rolesOf = (data: { people: Array<{ code: string; roles: string[] }> }, code: string) => data.people.find((p) => p.code === code)?.roles;
    expect(rolesOf(october, 'farina-ml')).toContain('dirigente RU');
    expect(rolesOf(november, 'farina-ml')).not.toContain('dirigente RU');
    expect(rolesOf(november, 'ferrari-m')).toContain('dirigente RU');
  });

  it('runs as `npx perfbot` and has --help on every command', async () => {
    const run = promisify(execFile);
    const bin = path.join(root, 'bin', 'perfbot.js');
    const help = await run(process.execPath, [bin, '--help'], { cwd: root, env: { ...process.env, DATABASE_URL: t.url } });
    for (const command of ['import', 'export', 'report', 'people']) expect(help.stdout).toContain(command);
    for (const command of ['import', 'export', 'report', 'people']) {
      const sub = await cli(command, '--help');
      expect(sub.code, command).toBe(0);
      expect(sub.stdout).toContain(`Usage: perfbot ${command}`);
    }
  }, 120_000); // a child process: node loading the CLI (through tsx when dist/ is absent) takes seconds on a busy machine
});

describe('perfbot invite', () => {
  it('prints a one-time t.me link that links the Telegram account', async () => {
    await cli('import', path.join(root, 'test', 'fixtures', 'checkin-plan.yaml'));
    let stdout = '';
    const code = await runCli(['invite', '--ente', 'borgo-chat', '--person', 'rossi-d'], {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      env: { DATABASE_URL: t.url, TELEGRAM_BOT_USERNAME: 'perfbot_test_bot' },
    });
    expect(code).toBe(0);
    const match = /^https:\/\/t\.me\/perfbot_test_bot\?start=([A-Za-z0-9_-]+)\n$/.exec(stdout);
    expect(match).not.toBeNull();
    const invite = await t.db.inviteCode.findUnique({ where: { code: match![1]! }, include: { person: true } });
    expect(invite).toMatchObject({ platform: 'telegram', usedAt: null, person: { code: 'rossi-d' } });
    const unknown = await cli('invite', '--ente', 'borgo-chat', '--person', 'nessuno');
    expect(unknown).toMatchObject({ code: 1, stderr: 'perfbot: person "nessuno" of ente "borgo-chat" not found\n' });
  });
});

describe('perfbot config and reminders', () => {
  it('refuses a change without an administrator, applies and audits one with', async () => {
    await cli('import', path.join(root, 'test', 'fixtures', 'checkin-plan.yaml'));
    const refused = await cli('config', '--ente', 'borgo-chat', '--as', 'verdi-a', '--set', 'ora 10:00');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not allowed: only an administrator of borgo-chat can change the reminders');
    expect((await t.db.ente.findFirstOrThrow()).settings).toBeNull();
    const bad = await cli('config', '--ente', 'borgo-chat', '--as', 'admin-1', '--set', 'ora 10:00', '--set', 'anticipo mai');
    expect(bad.stderr).toContain('anticipo: expected working days, e.g. 5,1; nothing was changed');
    expect((await t.db.ente.findFirstOrThrow()).settings).toBeNull();
    const ok = await cli('config', '--ente', 'borgo-chat', '--as', 'admin-1', '--set', 'ora 10:00', '--set', 'chiusura 2022-08-16');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ora 10:00');
    expect(ok.stdout).toContain('chiusure 2022-08-16');
    expect(await t.db.auditLog.count({ where: { entity: 'ReminderSettings', actor: 'admin-1' } })).toBe(1);
  });

  it('previews reminders with local time, recipient, step and reason, sending nothing', async () => {
    await cli('import', path.join(root, 'test', 'fixtures', 'checkin-plan.yaml'));
    const preview = await cli('reminders', '--ente', 'borgo-chat', '--from', '2022-08-01', '--to', '2022-08-05');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('2022-08-01 09:30  verdi-a        ask                  RU-1 indicator a  checkpoint 2022-07-31');
    expect(preview.stdout).toMatch(/\d+ reminder\(s\), 0 digest\(s\)\n$/);
    expect(await t.db.reminder.count()).toBe(0);
  });

  it('previews the weekly digests of coordinators: Monday 08:30, each sector to its coordinators, the summary to ente-wide ones', async () => {
    await cli('import', path.join(root, 'test', 'fixtures', 'assessment-plan.yaml'));
    const preview = await cli('reminders', '--ente', 'borgo-fine', '--from', '2022-08-01', '--to', '2022-08-07');
    const digests = preview.stdout.split('\n').filter((line) => line.includes(' digest '));
    expect(digests.map((line) => line.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      '2022-08-01 08:30 coord-e digest digest:RU@2022-W31',
      '2022-08-01 08:30 coord-e digest digest:SF@2022-W31',
      '2022-08-01 08:30 coord-e digest digest:ente@2022-W31',
      '2022-08-01 08:30 coord-ru digest digest:RU@2022-W31',
    ]);
    expect(preview.stdout).toMatch(/, 4 digest\(s\)\n$/);
  });

  it('previews digests and reminders as one list in time order', async () => {
    await cli('import', path.join(root, 'test', 'fixtures', 'assessment-plan.yaml'));
    const preview = await cli('reminders', '--ente', 'borgo-fine', '--from', '2022-08-01', '--to', '2022-08-10');
    const rows = preview.stdout.trim().split('\n').slice(0, -1);
    const moments = rows.map((line) => line.slice(0, 16));
    expect(moments).toEqual([...moments].sort());
    // the week's reminders come between the digests of Monday 1 and Monday 8 August, the follow-ups of the 9th after them
    const kinds = rows.map((line) => (line.includes(' digest ') ? `digest ${line.slice(0, 10)}` : 'reminder'));
    const firstReminder = kinds.indexOf('reminder');
    expect(firstReminder).toBeGreaterThan(0);
    expect(kinds.slice(0, firstReminder).every((k) => k === 'digest 2022-08-01')).toBe(true);
    const secondMonday = kinds.indexOf('digest 2022-08-08');
    expect(secondMonday).toBeGreaterThan(firstReminder);
    expect(kinds.lastIndexOf('reminder')).toBeGreaterThan(secondMonday);
  });
});

describe('perfbot digest', () => {
  it('prints the ente-wide summary with --summary', async () => {
    await cli('import', path.join(root, 'examples', 'terre-argine-2020.json'));
    const summary = await cli('digest', '--ente', 'terre-argine', '--summary', '--at', '2020-12-31');
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('Complessivo ente:');
    for (const sector of ['AG', 'ISTR', 'PM', 'RU', 'SF', 'SIA', 'SS']) expect(summary.stdout).toContain(`*${sector}* `);
    const wrong = await cli('digest', '--ente', 'terre-argine', '--summary', '--sector', 'RU', '--at', '2020-12-31');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--summary prints the ente-wide summary');
  });

  it("prints a sector's digest, and refuses an unknown sector with the list of sectors", async () => {
    await cli('import', path.join(root, 'examples', 'terre-argine-2020.json'));
    const ru = await cli('digest', '--ente', 'terre-argine', '--sector', 'RU', '--at', '2020-12-31');
    expect(ru.code).toBe(0);
    expect(ru.stdout).toContain('*Settore RU — Settore Risorse Umane* · Dirigente: Mario Ferrari · Stato al 31/12/2020');
    const unknown = await cli('digest', '--ente', 'terre-argine', '--sector', 'XX', '--at', '2020-12-31');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('perfbot: unknown sector "XX" (sectors: AG, ISTR, PM, RU, SF, SIA, SS)\n');
  });
});
