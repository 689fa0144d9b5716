/**
 * The check-in engine: a state machine, persisted in the database after every step, that asks a
 * person their pending items one at a time, validates each answer with the domain parsers, shows a
 * summary and saves everything in one transaction on "Conferma". It talks to people only through
 * platform-free messages; adapters render them.
 */
import { DateTime } from 'luxon';
import type { ChatEvent, OutgoingMessage, Platform } from '../chat/port.js';
import type { ConversationHandler } from './conversation-handler.js';
import type { Db } from '../db/database.js';
import { claimDelivery, loadConversation, saveConversation } from '../db/conversation-store.js';
import { findPersonByAccount, markUnreachable, redeemInvite, setLocale, type KnownPerson } from '../db/identity-store.js';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { saveAnswers, CheckpointClosedError, type ConfirmedAnswer } from '../db/answer-store.js';
import { saveAssessment, saveOivNote, NoAssessmentError } from '../db/assessment-store.js';
import { ReadOnlyRoleError } from '../db/read-only-role.js';
import { lastRemindersSent } from '../db/reminder-history.js';
import { readableSectors, readsWholeEnte, sectorStatusReply } from './status-digest.js';
import { advance, answerAssessment, assessmentQuestion, finalCheckpoint, objectivesToAssess, reconcileFlow, startFlow } from './final-assessment.js';
import { cancelForSubjects } from '../db/reminder-store.js';
import { loadReminderSettings, updateReminderSettings } from '../db/settings-store.js';
import { hasRole } from '../domain/responsibility.js';
import { describeSettingsError, parseSettingsChange } from '../domain/reminder-settings-change.js';
import { describeSettings } from '../domain/reminder-settings-description.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { pendingItems } from '../domain/pending-items.js';
import { parseAnswer, parsePercentAnswer } from '../domain/answers.js';
import type { AnswerParseError } from '../domain/answer-parse-error.js';
import { isLocale, translator, type Locale } from '../i18n/messages.js';
import { formatDate } from '../i18n/format.js';
import { CHECKIN_STATE_VERSION, idleState, itemKey, unconfirmedItems, upgradeState, type CheckinItem, type CheckinState } from './checkin-state.js';
import { chooseEditMessage, questionMessage, statusMessage, summaryMessage, type MessageContext } from './checkin-messages.js';

export type Clock = () => Date;

/** Words that act as commands when typed (Italian and English). */
const COMMAND_WORDS: Record<string, string> = {
  rispondi: 'rispondi', answer: 'rispondi', inizia: 'rispondi', start: 'rispondi',
  stato: 'stato', status: 'stato',
  modifica: 'modifica', edit: 'modifica', correggi: 'modifica',
  aiuto: 'aiuto', help: 'aiuto', '?': 'aiuto',
  lingua: 'lingua', language: 'lingua',
  admin: 'admin',
  valutazione: 'valutazione', valuta: 'valutazione', assessment: 'valutazione', assess: 'valutazione',
  nota: 'nota', note: 'nota',
};
/** Command names the engine handles as such (Telegram's /start links an account, it does not start a check-in). */
const CANONICAL_COMMANDS = new Set(['rispondi', 'stato', 'modifica', 'aiuto', 'lingua', 'start', 'admin', 'valutazione', 'nota']);
const LATER_WORDS = new Set(['dopo', 'più tardi', 'later', 'rimanda']);
const SKIP_WORDS = new Set(['salta', 'skip', 'passa']);
const CONFIRM_WORDS = new Set(['conferma', 'confermo', 'ok', 'sì', 'si', 'confirm', 'yes']);

interface Turn {
  person: KnownPerson;
  snapshot: PlanSnapshot;
  state: CheckinState;
  ctx: MessageContext;
  event: ChatEvent;
  today: string;
}

export interface EngineHooks {
  /** called after an administrator changed the reminder settings (re-plan the ente's reminders) */
  settingsChanged?(enteCode: string): Promise<unknown>;
}

export class CheckinEngine implements ConversationHandler {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hooks: EngineHooks = {},
  ) {}

  async markUnreachable(platform: Platform, userId: string, reason: string): Promise<void> {
    await markUnreachable(this.db, platform, userId, reason, this.clock());
  }

  async handle(event: ChatEvent): Promise<OutgoingMessage[]> {
    if (event.deliveryId && !(await claimDelivery(this.db, event.platform, event.deliveryId))) return [];
    let person = await findPersonByAccount(this.db, event.platform, event.userId);
    if (!person && event.kind === 'command' && event.command === 'start' && event.text.trim()) {
      person = await redeemInvite(this.db, event.text.trim(), event.platform, event.userId, this.clock());
      const t = translator(isLocale(person?.locale) ? person.locale : isLocale(person?.ente.locale) ? person.ente.locale : 'it');
      if (!person) return [{ text: t('checkin.inviteInvalid') }];
      return [{ text: t('checkin.linked', { name: person.name, platform: event.platform }) }];
    }
    if (!person) return [{ text: translator('it')('checkin.unknownPerson') }, { text: translator('en')('checkin.unknownPerson') }];

    const stored = await loadConversation<CheckinState>(this.db, person.id);
    const planCode = stored ? (upgradeState(stored.version, stored.state)?.plan ?? null) : null;
    const snapshot = await loadPlanSnapshot(this.db, person.ente.code, planCode ?? (await latestPlanCode(this.db, person.ente.code)));
    const state = (stored && upgradeState(stored.version, stored.state)) || idleState(snapshot.ente.code, snapshot.plan.code);
    const locale: Locale = isLocale(person.locale) ? person.locale : snapshot.ente.locale;
    const turn: Turn = {
      person,
      snapshot,
      state,
      event,
      ctx: { snapshot, t: translator(locale), locale },
      today: DateTime.fromJSDate(this.clock()).setZone(snapshot.ente.timezone).toISODate() as string,
    };
    const replies = await this.route(turn);
    await saveConversation(this.db, person.id, { platform: event.platform, chatId: event.chatId, version: CHECKIN_STATE_VERSION, state: turn.state });
    return replies;
  }

  /** Starts a check-in for a person without a message from them (a reminder); [] when nothing is pending. */
  async startFor(platform: Platform, userId: string, chatId: string): Promise<OutgoingMessage[]> {
    return this.handle({ platform, userId, chatId, kind: 'command', command: 'rispondi', text: '' });
  }

  private async route(turn: Turn): Promise<OutgoingMessage[]> {
    const { event, state } = turn;
    if (event.kind === 'command') return this.command(turn, event.command ?? 'aiuto', event.text);
    if (event.kind === 'choice') return this.choice(turn, event.text);
    const text = event.text.trim();
    const [first = '', ...rest] = text.toLowerCase().split(/\s+/);
    let command = COMMAND_WORDS[first.replace(/^\//, '')];
    // A reason or a note is free text: only a lone command word counts as a command there.
    if (state.mode === 'assessing' && (state.assessment?.step === 'reason' || state.assessment?.step === 'note') && rest.length > 0) command = undefined;
    // While assessing, "modifica" means redoing this objective's assessment, not correcting answers.
    if (state.mode === 'assessing' && command === 'modifica') command = undefined;
    if (command && (state.mode === 'idle' || state.mode === 'confirming' || command !== 'rispondi' || rest.length === 0)) {
      // Arguments keep their case (an OIV note is free text); commands lowercase what they parse.
      if (!(state.mode === 'asking' && command === 'rispondi')) return this.command(turn, command, text.slice(text.search(/\s|$/)).trim());
    }
    if (state.mode === 'asking') return this.answer(turn, text);
    if (state.mode === 'assessing') return this.assess(turn, text, false);
    if (state.mode === 'confirming') {
      if (CONFIRM_WORDS.has(text.toLowerCase())) return this.confirm(turn);
      return [{ text: turn.ctx.t('checkin.confirmHint') }, summaryMessage(state, turn.ctx)];
    }
    if (state.mode === 'choosing') return [chooseEditMessage(state, turn.ctx)];
    return [{ text: turn.ctx.t('checkin.noCheckin') }];
  }

  private async command(turn: Turn, name: string, args: string): Promise<OutgoingMessage[]> {
    const { t } = turn.ctx;
    // Slash commands arrive by name (/perfbot note …): the same aliases as typed words.
    const command = CANONICAL_COMMANDS.has(name) ? name : (COMMAND_WORDS[name.toLowerCase()] ?? name);
    switch (command) {
      case 'rispondi':
        return this.begin(turn);
      case 'stato':
        return this.status(turn, args.trim());
      case 'modifica':
        return this.beginEdit(turn);
      case 'lingua': {
        const wanted = args.trim().toLowerCase();
        if (!isLocale(wanted)) return [{ text: t('checkin.languageUsage') }];
        await setLocale(this.db, turn.person, wanted);
        turn.ctx = { ...turn.ctx, t: translator(wanted), locale: wanted };
        return [{ text: turn.ctx.t('checkin.language') }];
      }
      case 'start':
        return [{ text: t('checkin.linked', { name: turn.person.name, platform: turn.event.platform }) }];
      case 'admin':
        return this.admin(turn, args);
      case 'valutazione':
        return this.beginAssessment(turn, args.trim());
      case 'nota':
        return this.oivNote(turn, args);
      default:
        return [{ text: t('checkin.help') }];
    }
  }

  /** `/perfbot admin …`: reminder settings, for administrators only (audited by the settings store). */
  private async admin(turn: Turn, args: string): Promise<OutgoingMessage[]> {
    const { t } = turn.ctx;
    if (!hasRole(turn.snapshot, turn.person.code, 'admin', turn.today)) return [{ text: t('admin.notAllowed') }];
    const settings = await loadReminderSettings(this.db, turn.snapshot.ente.code);
    if (!args.trim()) return [{ text: t('admin.current', { settings: describeSettings(settings) }) }, { text: t('admin.usage') }];
    const change = parseSettingsChange(args, settings, new Set(turn.snapshot.people.map((p) => p.code)));
    if (!change.ok) return [{ text: t('admin.invalid', { error: describeSettingsError(change.error, t) }) }, { text: t('admin.usage') }];
    const updated = await updateReminderSettings(this.db, turn.snapshot.ente.code, change.patch, turn.person.code);
    await this.hooks.settingsChanged?.(turn.snapshot.ente.code);
    return [{ text: t('admin.updated', { settings: describeSettings(updated) }) }];
  }

  /** `stato`: the person's own pending items; `stato SETTORE`: a sector's digest for those who may read it. */
  private async status(turn: Turn, sector: string): Promise<OutgoingMessage[]> {
    const { snapshot, person, today, ctx } = turn;
    if (sector) return sectorStatusReply(snapshot, { person: person.code, sector, today, locale: ctx.locale, t: ctx.t, lastReminders: await lastRemindersSent(this.db, snapshot.ente.code) });
    const replies = [statusMessage(this.itemsFor(turn).items, person.code, ctx)];
    const readable = readableSectors(snapshot, person.code, today);
    if (readable.length > 0) replies.push({ text: ctx.t('statusDigest.hint', { sectors: readable.join(', '), first: readable[0]! }) });
    if (readsWholeEnte(snapshot, person.code, today)) replies.push({ text: ctx.t('statusDigest.hintEnte') });
    return replies;
  }

  /** `valutazione [OBIETTIVO]`: the final assessment of the person's objectives, after the last checkpoint. */
  private beginAssessment(turn: Turn, only: string): OutgoingMessage[] {
    const { t, locale } = turn.ctx;
    const { snapshot } = turn;
    if (this.readOnly(turn)) return [{ text: t('oiv.readOnly') }];
    const inProgress = turn.state.mode === 'assessing' && turn.state.assessment ? reconcileFlow(turn.state.assessment, snapshot) : null;
    if (inProgress && !only) {
      turn.state.assessment = inProgress;
      return [assessmentQuestion(inProgress, snapshot, turn.ctx)];
    }
    const asOf = finalCheckpoint(snapshot);
    if (!asOf || turn.today <= asOf) return [{ text: t('assessment.notYet', { date: asOf ? formatDate(asOf, locale) : '—' }) }];
    if ((snapshot.plan.closedCheckpoints ?? []).includes(asOf)) return [{ text: t('checkin.closed', { date: formatDate(asOf, locale) }) }];
    const { todo, assessed } = objectivesToAssess(snapshot, turn.person.code, asOf, only || undefined);
    if (todo.length === 0) {
      if (only) return [{ text: t('assessment.notYours', { code: only.toUpperCase() }) }];
      return [{ text: assessed.length > 0 ? t('assessment.allDone', { count: assessed.length }) : t('assessment.none') }];
    }
    const flow = startFlow(snapshot, asOf, todo);
    turn.state = { ...idleState(snapshot.ente.code, snapshot.plan.code), mode: 'assessing', assessment: flow };
    return [{ text: t('assessment.intro', { count: todo.length, date: formatDate(asOf, locale) }) }, assessmentQuestion(flow, snapshot, turn.ctx)];
  }

  private async assess(turn: Turn, text: string, choice: boolean): Promise<OutgoingMessage[]> {
    const { state, ctx, snapshot, person } = turn;
    const flow = state.assessment ? reconcileFlow(state.assessment, snapshot) : null;
    if (!flow) {
      // Every objective of this assessment left the plan meanwhile.
      turn.state = idleState(state.ente, state.plan);
      return [{ text: ctx.t('assessment.none') }];
    }
    if (flow.draft.objective !== state.assessment!.draft.objective) {
      // The reply was meant for an objective no longer in the plan: say so and ask about the next one.
      const dropped = state.assessment!.draft.objective;
      state.assessment = flow;
      return [{ text: ctx.t('assessment.dropped', { code: dropped }) }, assessmentQuestion(flow, snapshot, ctx)];
    }
    const step = answerAssessment(flow, { text, choice }, snapshot, ctx);
    if (step.kind === 'reply') {
      state.assessment = step.flow;
      return step.messages;
    }
    try {
      await saveAssessment(this.db, {
        ente: state.ente,
        plan: state.plan,
        objective: step.draft.objective,
        asOf: step.flow.asOf,
        pct: step.draft.pct,
        computedPct: step.draft.computedPct,
        status: step.draft.status,
        note: step.draft.note,
        reason: step.draft.reason,
        by: person.code,
        channel: turn.event.platform,
        on: turn.today,
      });
    } catch (error) {
      turn.state = idleState(state.ente, state.plan);
      if (error instanceof CheckpointClosedError) return [{ text: ctx.t('checkin.closed', { date: formatDate(error.checkpoint, ctx.locale) }) }];
      if (error instanceof ReadOnlyRoleError) return [{ text: ctx.t('oiv.readOnly') }];
      throw error;
    }
    const saved: OutgoingMessage = { text: ctx.t('assessment.saved', { code: step.draft.objective }) };
    const following = advance(step.flow);
    if (!following) {
      turn.state = idleState(state.ente, state.plan);
      return [saved, { text: ctx.t('assessment.finished') }];
    }
    state.assessment = following;
    return [saved, assessmentQuestion(following, snapshot, ctx)];
  }

  /** `nota OBIETTIVO testo`: the OIV's note on an objective's final assessment (OIV only). */
  private async oivNote(turn: Turn, args: string): Promise<OutgoingMessage[]> {
    const { t, locale } = turn.ctx;
    const { snapshot } = turn;
    if (!this.readOnly(turn)) return [{ text: t('oiv.onlyOiv') }];
    const code = args.trim().split(/\s+/)[0] ?? '';
    const objective = snapshot.objectives.find((o) => o.code.toLowerCase() === code.toLowerCase());
    // The note as written: its line breaks and spacing are the OIV's.
    const note = args.trim().slice(code.length).trim();
    if (!objective || !note) return [{ text: t('oiv.noteUsage') }];
    const asOf = finalCheckpoint(snapshot);
    if (!asOf) return [{ text: t('oiv.noAssessment', { code: objective.code }) }];
    try {
      await saveOivNote(this.db, { ente: snapshot.ente.code, plan: snapshot.plan.code, objective: objective.code, asOf, note, by: turn.person.code, channel: turn.event.platform, on: turn.today });
    } catch (error) {
      if (error instanceof NoAssessmentError) return [{ text: t('oiv.noAssessment', { code: objective.code }) }];
      throw error;
    }
    return [{ text: t('oiv.noteSaved', { code: objective.code, date: formatDate(asOf, locale) }) }];
  }

  /** The person's pending items: at the oldest open checkpoint that has some, else as of today. */
  private itemsFor(turn: Turn): { asOf: string; items: CheckinItem[] } {
    const { snapshot, today, person } = turn;
    const closed = new Set(snapshot.plan.closedCheckpoints ?? []);
    const mine = (asOf: string) =>
      pendingItems(snapshot, asOf, today)
        .filter((i) => i.asked.person === person.code && !i.asked.heldUntil && !closed.has(i.asOf))
        .map((i): CheckinItem => ({ kind: i.kind, objective: i.objective, code: i.code, asOf: i.asOf, ...(i.asked.onBehalfOf ? { onBehalfOf: i.asked.onBehalfOf } : {}) }));
    for (const checkpoint of [...snapshot.plan.checkpoints].sort()) {
      if (checkpoint > today || closed.has(checkpoint)) continue;
      const items = mine(checkpoint);
      if (items.length > 0) return { asOf: checkpoint, items };
    }
    return { asOf: today, items: mine(today) };
  }

  /** The OIV reads and comments; it never answers, corrects or assesses. */
  private readOnly(turn: Turn): boolean {
    return hasRole(turn.snapshot, turn.person.code, 'oiv', turn.today);
  }

  private begin(turn: Turn): OutgoingMessage[] {
    const { t, locale } = turn.ctx;
    if (this.readOnly(turn)) return [{ text: t('oiv.readOnly') }];
    if (turn.state.mode === 'asking') return [questionMessage(turn.state, turn.ctx)];
    const { asOf, items } = this.itemsFor(turn);
    if (items.length === 0) {
      turn.state = idleState(turn.snapshot.ente.code, turn.snapshot.plan.code);
      const final = finalCheckpoint(turn.snapshot);
      const open = final !== null && turn.today > final && !(turn.snapshot.plan.closedCheckpoints ?? []).includes(final);
      const toAssess = open ? objectivesToAssess(turn.snapshot, turn.person.code, final).todo.length : 0;
      return [{ text: t('checkin.nothingPending') }, ...(toAssess > 0 ? [{ text: t('assessment.pendingHint', { count: toAssess }) }] : [])];
    }
    turn.state = { ...idleState(turn.snapshot.ente.code, turn.snapshot.plan.code), mode: 'asking', items };
    const intro = [t('checkin.intro', { name: turn.person.name.split(' ')[0] ?? turn.person.name, count: items.length, date: formatDate(asOf, locale) })];
    const absent = [...new Set(items.map((i) => i.onBehalfOf).filter((p): p is string => Boolean(p)))];
    if (absent.length > 0) intro.push(t('checkin.introDeputy', { absent: absent.map((code) => turn.snapshot.people.find((p) => p.code === code)?.name ?? code).join(', ') }));
    return [{ text: intro.join('\n') }, questionMessage(turn.state, turn.ctx)];
  }

  /** "modifica": pick one of the answers given at checkpoints still open, then correct it. */
  private beginEdit(turn: Turn): OutgoingMessage[] {
    const { snapshot, person } = turn;
    if (this.readOnly(turn)) return [{ text: turn.ctx.t('oiv.readOnly') }];
    if (turn.state.mode === 'confirming') {
      turn.state.mode = 'choosing';
      return [chooseEditMessage(turn.state, turn.ctx)];
    }
    const closed = new Set(snapshot.plan.closedCheckpoints ?? []);
    const items: CheckinItem[] = [
      ...snapshot.phaseProgress.filter((p) => p.by === person.code && !closed.has(p.asOf)).map((p) => ({ kind: 'phase' as const, objective: p.objective, code: p.phase, asOf: p.asOf, ...(p.onBehalfOf ? { onBehalfOf: p.onBehalfOf } : {}) })),
      ...snapshot.measurements.filter((m) => m.by === person.code && !closed.has(m.asOf)).map((m) => ({ kind: 'indicator' as const, objective: m.objective, code: m.indicator, asOf: m.asOf, ...(m.onBehalfOf ? { onBehalfOf: m.onBehalfOf } : {}) })),
    ];
    if (items.length === 0) return [{ text: turn.ctx.t('checkin.nothingToEdit') }];
    const drafts: CheckinState['drafts'] = {};
    for (const p of snapshot.phaseProgress) if (p.by === person.code) drafts[itemKey({ kind: 'phase', objective: p.objective, code: p.phase, asOf: p.asOf })] = { kind: 'phase', pct: p.pct };
    for (const m of snapshot.measurements) if (m.by === person.code) drafts[itemKey({ kind: 'indicator', objective: m.objective, code: m.indicator, asOf: m.asOf })] = { kind: 'indicator', raw: m.raw, value: m.value, status: m.status, ...(m.note ? { reason: m.note } : {}) };
    // Every listed answer starts as already saved; only those answered again are saved on Conferma.
    turn.state = { ...idleState(snapshot.ente.code, snapshot.plan.code), mode: 'choosing', items, drafts, editing: true, saved: items.map(itemKey) };
    return [chooseEditMessage(turn.state, turn.ctx)];
  }

  private async choice(turn: Turn, value: string): Promise<OutgoingMessage[]> {
    const [kind, ...restParts] = value.split(':');
    const rest = restParts.join(':');
    const { state } = turn;
    if (kind === 'asm' && state.mode === 'assessing') return this.assess(turn, rest, true);
    if (kind === 'ans' && state.mode === 'asking') return this.answer(turn, rest);
    if (kind === 'ctl') {
      if (rest === 'start') return this.begin(turn);
      if (rest === 'confirm' && state.mode === 'confirming') return this.confirm(turn);
      if (rest === 'edit' && state.mode === 'confirming') return this.beginEdit(turn);
      if ((rest === 'later' || rest === 'skip') && state.mode === 'asking') return this.answer(turn, rest === 'later' ? 'dopo' : 'salta');
    }
    if (kind === 'edit' && state.mode === 'choosing') {
      const index = Number(rest);
      const item = state.items[index];
      if (!item) return [chooseEditMessage(state, turn.ctx)];
      if ((turn.snapshot.plan.closedCheckpoints ?? []).includes(item.asOf)) return [{ text: turn.ctx.t('checkin.closed', { date: formatDate(item.asOf, turn.ctx.locale) }) }];
      turn.state = { ...state, mode: 'asking', current: index, returnToSummary: true };
      return [questionMessage(turn.state, turn.ctx)];
    }
    // A button from an older message: show where we are now.
    return this.where(turn);
  }

  private where(turn: Turn): OutgoingMessage[] {
    const { state } = turn;
    if (state.mode === 'asking') return [questionMessage(state, turn.ctx)];
    if (state.mode === 'confirming') return [summaryMessage(state, turn.ctx)];
    if (state.mode === 'choosing') return [chooseEditMessage(state, turn.ctx)];
    if (state.mode === 'assessing' && state.assessment) {
      const flow = reconcileFlow(state.assessment, turn.snapshot);
      if (flow) {
        state.assessment = flow;
        return [assessmentQuestion(flow, turn.snapshot, turn.ctx)];
      }
      turn.state = idleState(state.ente, state.plan);
    }
    return [{ text: turn.ctx.t('checkin.noCheckin') }];
  }

  private invalid(turn: Turn, answer: string, error: AnswerParseError): OutgoingMessage[] {
    return [{ text: turn.ctx.t(`checkin.invalid.${error.code}`, { answer, example: error.example }) }, questionMessage(turn.state, turn.ctx)];
  }

  private answer(turn: Turn, text: string): OutgoingMessage[] {
    const { state, ctx, snapshot } = turn;
    const item = state.items[state.current];
    if (!item) return this.where(turn);
    const key = itemKey(item);
    const word = text.trim().toLowerCase();
    const replies: OutgoingMessage[] = [];
    if (LATER_WORDS.has(word) && !state.returnToSummary) {
      if (!state.postponed.includes(key) && state.current < state.items.length - 1) {
        state.items = [...state.items.slice(0, state.current), ...state.items.slice(state.current + 1), item];
        state.postponed.push(key);
        replies.push({ text: ctx.t('checkin.postponed') });
        return [...replies, ...this.next(turn, false)];
      }
      state.drafts[key] = { kind: 'skipped' };
      replies.push({ text: ctx.t('checkin.skipped') });
      return [...replies, ...this.next(turn)];
    }
    if (SKIP_WORDS.has(word)) {
      state.drafts[key] = { kind: 'skipped' };
      return [{ text: ctx.t('checkin.skipped') }, ...this.next(turn)];
    }
    if (item.kind === 'phase') {
      const parsed = parsePercentAnswer(text);
      if (!parsed.ok) return this.invalid(turn, text, parsed.error);
      state.drafts[key] = { kind: 'phase', pct: parsed.pct };
    } else {
      const indicator = snapshot.objectives.find((o) => o.code === item.objective)?.indicators.find((i) => i.code === item.code);
      const parsed = parseAnswer(text, { unit: indicator?.unit, target: indicator?.targetField?.spec, planYear: snapshot.plan.year });
      if (!parsed.ok) return this.invalid(turn, text, parsed.error);
      state.drafts[key] = { kind: 'indicator', raw: text.trim(), value: parsed.value, status: parsed.status, ...(parsed.reason ? { reason: parsed.reason } : {}) };
    }
    state.saved = state.saved.filter((k) => k !== key);
    return this.next(turn);
  }

  /**
   * Moves to the next unanswered item. The summary comes when an objective's items are done and the
   * next item belongs to another objective (so answers are confirmed, and safe, objective by
   * objective), or when every item has an answer.
   */
  private next(turn: Turn, advance = true): OutgoingMessage[] {
    const { state } = turn;
    const toSummary = (): OutgoingMessage[] => {
      state.returnToSummary = false;
      if (unconfirmedItems(state).length === 0) return this.next(turn, false);
      state.mode = 'confirming';
      return [summaryMessage(state, turn.ctx)];
    };
    if (state.returnToSummary) return toSummary();
    const start = advance ? state.current + 1 : state.current;
    const order = [...state.items.keys()].map((i) => (start + i) % state.items.length);
    const nextIndex = order.find((i) => !state.drafts[itemKey(state.items[i]!)]);
    const pendingConfirmation = unconfirmedItems(state);
    if (nextIndex === undefined) {
      if (pendingConfirmation.length > 0) return toSummary();
      turn.state = idleState(state.ente, state.plan);
      return [{ text: turn.ctx.t('checkin.nothingPending') }];
    }
    const leavingObjective = state.items[state.current]?.objective !== state.items[nextIndex]!.objective;
    if (leavingObjective && pendingConfirmation.some((item) => state.drafts[itemKey(item)]?.kind !== 'skipped')) return toSummary();
    state.current = nextIndex;
    state.mode = 'asking';
    return [questionMessage(state, turn.ctx)];
  }

  private async confirm(turn: Turn): Promise<OutgoingMessage[]> {
    const { state, ctx, person, event } = turn;
    const answers: ConfirmedAnswer[] = [];
    const confirming = unconfirmedItems(state);
    for (const item of confirming) {
      const draft = state.drafts[itemKey(item)];
      if (!draft || draft.kind === 'skipped') continue;
      const base = { objective: item.objective, code: item.code, asOf: item.asOf, ...(item.onBehalfOf ? { onBehalfOf: item.onBehalfOf } : {}) };
      if (draft.kind === 'phase') answers.push({ kind: 'phase', ...base, pct: draft.pct });
      else answers.push({ kind: 'indicator', ...base, raw: draft.raw, value: draft.value, status: draft.status, ...(draft.reason ? { note: draft.reason } : {}) });
    }
    try {
      if (answers.length > 0) {
        await saveAnswers(this.db, { ente: state.ente, plan: state.plan, by: person.code, channel: event.platform, messageRef: event.messageRef, answers, on: turn.today });
        // Answered items stop their reminders at once (a phase's deadline ladder only when complete).
        const subjects = answers.flatMap((a) =>
          a.kind === 'indicator'
            ? [`indicator:${a.objective}/${a.code}@${a.asOf}`]
            : [`phase:${a.objective}/${a.code}@${a.asOf}`, ...(a.pct >= 100 ? [`phase:${a.objective}/${a.code}`] : [])],
        );
        await cancelForSubjects(this.db, person.ente.id, subjects);
      }
    } catch (error) {
      if (error instanceof CheckpointClosedError) {
        turn.state = idleState(state.ente, state.plan);
        return [{ text: ctx.t('checkin.closed', { date: formatDate(error.checkpoint, ctx.locale) }) }];
      }
      if (error instanceof ReadOnlyRoleError) {
        turn.state = idleState(state.ente, state.plan);
        return [{ text: ctx.t('oiv.readOnly') }];
      }
      throw error;
    }
    state.saved.push(...confirming.map(itemKey));
    const done: OutgoingMessage = { text: answers.length === 0 ? ctx.t('checkin.savedNothing') : answers.length === 1 ? ctx.t('checkin.savedOne') : ctx.t('checkin.saved', { count: answers.length }) };
    if (state.editing || state.items.every((item) => state.drafts[itemKey(item)])) {
      turn.state = idleState(state.ente, state.plan);
      return [done];
    }
    return [done, ...this.next(turn, false)];
  }
}
