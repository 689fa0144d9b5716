/**
 * Every literal target of domain.md §3.1 (A–K) and the mapping table of §3.2, with the typed form
 * each must parse to. The expected specs were written from the domain document's mapping and
 * reviewed row by row; a parser change that alters any reading fails here.
 */
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/domain/targets.js';
import type { TargetSpec } from '../../src/domain/target-spec.js';

const literalTargets: Array<[string, TargetSpec]> = [
  ["&gt;= 95,00% (peso 100)", {"kind":"numeric","op":"gte","value":95,"unit":"percent"}],
  ["(&gt;95%) (peso 40)", {"kind":"numeric","op":"gt","value":95,"unit":"percent"}],
  ["&gt;80% entro l'anno (peso 100)", {"kind":"numeric","op":"gt","value":80,"unit":"percent"}],
  ["(almeno 90%) (peso 30)", {"kind":"numeric","op":"gte","value":90,"unit":"percent"}],
  ["attivazione di contatti con almeno l'80% delle famiglie", {"kind":"numeric","op":"gte","value":80,"unit":"percent"}],
  ["utilizzo di almeno il 95% di risorse pubbliche", {"kind":"numeric","op":"gte","value":95,"unit":"percent"}],
  ["≥ 98%", {"kind":"numeric","op":"gte","value":98,"unit":"percent"}],
  ["> 86%", {"kind":"numeric","op":"gt","value":86,"unit":"percent"}],
  ["≤31,6%", {"kind":"numeric","op":"lte","value":31.6,"unit":"percent"}],
  ["≤2%", {"kind":"numeric","op":"lte","value":2,"unit":"percent"}],
  ["≥ 2,8%", {"kind":"numeric","op":"gte","value":2.8,"unit":"percent"}],
  ["≥99,5%", {"kind":"numeric","op":"gte","value":99.5,"unit":"percent"}],
  ["100%", {"kind":"numeric","op":"gte","value":100,"unit":"percent"}],
  ["Almeno 80%", {"kind":"numeric","op":"gte","value":80,"unit":"percent"}],
  ["68,4%", {"kind":"numeric","op":"gte","value":68.4,"unit":"percent"}],
  ["Almeno 70%", {"kind":"numeric","op":"gte","value":70,"unit":"percent"}],
  ["nr. 3 (100%)", {"kind":"numeric","op":"gte","value":3,"unit":"count"}],
  ["numero minimo di controlli : 17.000 (peso 60)", {"kind":"numeric","op":"gte","value":17000,"unit":"count"}],
  ["pari o superiore a 2.000", {"kind":"numeric","op":"gte","value":2000,"unit":"count"}],
  ["almeno 200 segnalazioni", {"kind":"numeric","op":"gte","value":200,"unit":"count"}],
  ["n. 30 servizi", {"kind":"numeric","op":"gte","value":30,"unit":"count"}],
  ["n. 500 controlli", {"kind":"numeric","op":"gte","value":500,"unit":"count"}],
  ["(n. minimo corsi 1)", {"kind":"numeric","op":"gte","value":1,"unit":"count"}],
  ["n.4 incontri", {"kind":"numeric","op":"gte","value":4,"unit":"count"}],
  ["n.600", {"kind":"numeric","op":"gte","value":600,"unit":"count"}],
  ["N. 10 incontri", {"kind":"numeric","op":"gte","value":10,"unit":"count"}],
  ["≥1418", {"kind":"numeric","op":"gte","value":1418,"unit":"count"}],
  ["≤ 433", {"kind":"numeric","op":"lte","value":433,"unit":"count"}],
  ["≤ 5,2", {"kind":"numeric","op":"lte","value":5.2,"unit":"count"}],
  ["2.400", {"kind":"numeric","op":"gte","value":2400,"unit":"count"}],
  ["Almeno 500 diversi partecipanti", {"kind":"numeric","op":"gte","value":500,"unit":"count"}],
  ["≥550.000", {"kind":"numeric","op":"gte","value":550000,"unit":"count"}],
  [">=700.000", {"kind":"numeric","op":"gte","value":700000,"unit":"count"}],
  ["160,00", {"kind":"numeric","op":"gte","value":160,"unit":"count"}],
  ["6.000,00", {"kind":"numeric","op":"gte","value":6000,"unit":"count"}],
  [">15", {"kind":"numeric","op":"gt","value":15,"unit":"count"}],
  ["> di 5", {"kind":"numeric","op":"gt","value":5,"unit":"count"}],
  ["< di 5", {"kind":"numeric","op":"lt","value":5,"unit":"count"}],
  ["0", {"kind":"numeric","op":"gte","value":0,"unit":"count"}],
  ["<50", {"kind":"numeric","op":"lt","value":50,"unit":"count"}],
  ["Atteso 40", {"kind":"numeric","op":"gte","value":40,"unit":"count"}],
  ["≤ 0", {"kind":"numeric","op":"lte","value":0,"unit":"count"}],
  ["almeno 2", {"kind":"numeric","op":"gte","value":2,"unit":"count"}],
  ["almeno due", {"kind":"numeric","op":"gte","value":2,"unit":"count"}],
  ["minimo 6", {"kind":"numeric","op":"gte","value":6,"unit":"count"}],
  ["> 4", {"kind":"numeric","op":"gt","value":4,"unit":"count"}],
  [">1", {"kind":"numeric","op":"gt","value":1,"unit":"count"}],
  ["5 enti su 5", {"kind":"fraction","op":"gte","numerator":5,"denominator":5}],
  ["Valutazione dei ragazzi ≥ 8 su 10", {"kind":"numeric","op":"gte","value":8,"unit":"score","scaleMax":10}],
  ["3 su 3", {"kind":"fraction","op":"gte","numerator":3,"denominator":3}],
  ["7/10", {"kind":"numeric","op":"gte","value":7,"unit":"score","scaleMax":10}],
  ["almeno 7 su 10", {"kind":"numeric","op":"gte","value":7,"unit":"score","scaleMax":10}],
  ["pari o superiore a 2.700.000,00", {"kind":"numeric","op":"gte","value":2700000,"unit":"count"}],
  ["Almeno 30,00 euro", {"kind":"numeric","op":"gte","value":30,"unit":"eur"}],
  ["€ 1.500,00", {"kind":"numeric","op":"gte","value":1500,"unit":"eur"}],
  ["5700€", {"kind":"numeric","op":"gte","value":5700,"unit":"eur"}],
  ["Max 800 €", {"kind":"numeric","op":"lte","value":800,"unit":"eur"}],
  ["0 Eur", {"kind":"numeric","op":"gte","value":0,"unit":"eur"}],
  ["€ 357.000", {"kind":"numeric","op":"gte","value":357000,"unit":"eur"}],
  ["(entro aprile)", {"kind":"deadline","due":{"type":"month","year":2020,"month":4}}],
  ["entro il mese di febbraio", {"kind":"deadline","due":{"type":"month","year":2020,"month":2}}],
  ["entro luglio", {"kind":"deadline","due":{"type":"month","year":2020,"month":7}}],
  ["(ottobre)", {"kind":"deadline","due":{"type":"month","year":2020,"month":10}}],
  ["entro dicembre 2020", {"kind":"deadline","due":{"type":"month","year":2020,"month":12}}],
  ["entro giugno 2020", {"kind":"deadline","due":{"type":"month","year":2020,"month":6}}],
  ["entro dicembre 2021", {"kind":"deadline","due":{"type":"month","year":2021,"month":12}}],
  ["a regime entro il 30.9.2020", {"kind":"deadline","due":{"type":"date","date":"2020-09-30"},"deliverable":"a regime"}],
  ["entro i termini previsti per legge", {"kind":"deadline","due":{"type":"legal","note":"entro i termini previsti per legge"}}],
  ["entro i termini previsti dal regolamento", {"kind":"deadline","due":{"type":"regulation","note":"entro i termini previsti dal regolamento"}}],
  ["entro l'anno", {"kind":"deadline","due":{"type":"year","year":2020}}],
  ["entro il 30/04/2020", {"kind":"deadline","due":{"type":"date","date":"2020-04-30"}}],
  ["entro agosto 2020", {"kind":"deadline","due":{"type":"month","year":2020,"month":8}}],
  ["Entro 2021", {"kind":"deadline","due":{"type":"year","year":2021}}],
  ["adozione delle nuove procedure organizzative interne (peso 70)", {"kind":"boolean","expected":true,"deliverable":"adozione delle nuove procedure organizzative interne"}],
  ["ottenimento del finanziamento regionale (peso 40)", {"kind":"boolean","expected":true,"deliverable":"ottenimento del finanziamento regionale"}],
  ["SI", {"kind":"boolean","expected":true}],
  ["Si/no", {"kind":"boolean","expected":true}],
  ["ON", {"kind":"boolean","expected":true}],
  ["on", {"kind":"boolean","expected":true}],
  ["si/no", {"kind":"boolean","expected":true}],
  ["(si=1, no=0) 1,00", {"kind":"boolean","expected":true}],
  ["±3%", {"kind":"band","center":"baseline","tolPct":3,"unit":"count"}],
  ["±3", {"kind":"band","center":"baseline","tolAbs":3,"unit":"count"}],
  ["50 (+/- 30% Covid)", {"kind":"band","center":50,"tolPct":30,"unit":"count"}],
  ["30 (+/- 25% Covid-19)", {"kind":"band","center":30,"tolPct":25,"unit":"count"}],
  ["2/anno", {"kind":"rate","op":"gte","value":2,"per":"year"}],
  ["40/sett", {"kind":"rate","op":"gte","value":40,"per":"week"}],
  ["Vuotature attese n.2/settimana", {"kind":"rate","op":"gte","value":2,"per":"week"}],
  ["almeno 4 proposte / iniziative a settimana", {"kind":"rate","op":"gte","value":4,"per":"week"}],
  ["≥ 70% consigli / ≥ 15 nuovi progetti", {"kind":"composite","combine":"all","parts":[{"label":"consigli","spec":{"kind":"numeric","op":"gte","value":70,"unit":"percent"}},{"label":"nuovi progetti","spec":{"kind":"numeric","op":"gte","value":15,"unit":"count"}}]}],
  ["Almeno 3.000 alunni; 200 docenti; 400 genitori", {"kind":"composite","combine":"all","parts":[{"label":"alunni","spec":{"kind":"numeric","op":"gte","value":3000,"unit":"count"}},{"label":"docenti","spec":{"kind":"numeric","op":"gte","value":200,"unit":"count"}},{"label":"genitori","spec":{"kind":"numeric","op":"gte","value":400,"unit":"count"}}]}],
  ["40 +150", {"kind":"composite","combine":"all","parts":[{"spec":{"kind":"numeric","op":"gte","value":40,"unit":"count"}},{"spec":{"kind":"numeric","op":"gte","value":150,"unit":"count"}}]}],
  ["10 + 50", {"kind":"composite","combine":"all","parts":[{"spec":{"kind":"numeric","op":"gte","value":10,"unit":"count"}},{"spec":{"kind":"numeric","op":"gte","value":50,"unit":"count"}}]}],
  ["3 iniziative 800 studenti 60 docenti", {"kind":"composite","combine":"all","parts":[{"label":"iniziative","spec":{"kind":"numeric","op":"gte","value":3,"unit":"count"}},{"label":"studenti","spec":{"kind":"numeric","op":"gte","value":800,"unit":"count"}},{"label":"docenti","spec":{"kind":"numeric","op":"gte","value":60,"unit":"count"}}]}],
  ["Come da piano", {"kind":"milestone","text":"Come da piano"}],
  ["prosecuzione della sperimentazione", {"kind":"milestone","text":"prosecuzione della sperimentazione"}],
  ["Attese nessuna", {"kind":"numeric","op":"lte","value":0,"unit":"count"}],
  ["", {"kind":"none"}],
  ["==", {"kind":"none"}],
  ["//", {"kind":"none"}],
  ["≥ 1.64", {"kind":"numeric","op":"gte","value":1.64,"unit":"count"}],
  ["2,10 kmq", {"kind":"numeric","op":"gte","value":2.1,"unit":"kmq"}],
  ["<0,10", {"kind":"numeric","op":"lt","value":0.1,"unit":"ratio"}],

];

describe('parseTarget: every literal example of domain.md §3.1', () => {
  it('has at least 60 rows', () => {
    expect(literalTargets.length).toBeGreaterThanOrEqual(60);
  });
  it.each(literalTargets)('reads %j', (raw, spec) => {
    expect(parseTarget(raw, { planYear: 2020 }).spec).toEqual(spec);
  });
});

describe('parseTarget: context from the indicator', () => {
  it('reads a cost index without comparator as "at most" (domain.md §3.2, Indice di Costo)', () => {
    expect(parseTarget('5700€', { planYear: 2022, kind: 'costo' })).toMatchObject({ spec: { kind: 'numeric', op: 'lte', value: 5700, unit: 'eur' }, direction: 'lower' });
  });
  it('follows an explicit direction when the target has no comparator', () => {
    expect(parseTarget('500', { planYear: 2020, direction: 'lower' })).toMatchObject({ spec: { op: 'lte', value: 500 }, direction: 'lower' });
    expect(parseTarget('30', { planYear: 2022, unitHint: 'days', direction: 'lower' }).spec).toEqual({ kind: 'numeric', op: 'lte', value: 30, unit: 'days' });
  });
  it('derives the direction from the comparator', () => {
    expect(parseTarget('≤ 433', { planYear: 2020 }).direction).toBe('lower');
    expect(parseTarget('≥ 98%', { planYear: 2020 }).direction).toBe('higher');
    expect(parseTarget('±3%', { planYear: 2020 }).direction).toBe('band');
  });
  it('flags the dot-decimal cells as low confidence (≥ 1.64) and Italian thousands as high (2.400)', () => {
    expect(parseTarget('≥ 1.64', { planYear: 2020 }).parseConfidence).toBe('low');
    expect(parseTarget('2.400', { planYear: 2020 }).parseConfidence).toBe('high');
  });
  it('puts "entro aprile" in the plan year and keeps the raw text', () => {
    expect(parseTarget('entro aprile', { planYear: 2022 })).toEqual({
      raw: 'entro aprile',
      spec: { kind: 'deadline', due: { type: 'month', year: 2022, month: 4 } },
      direction: 'higher',
      parseConfidence: 'high',
    });
  });
  it('reads the Segrate ATTESO cells', () => {
    expect(parseTarget('almeno 2', { planYear: 2022 }).spec).toEqual({ kind: 'numeric', op: 'gte', value: 2, unit: 'count' });
    expect(parseTarget('<10', { planYear: 2022 }).spec).toEqual({ kind: 'numeric', op: 'lt', value: 10, unit: 'count' });
    expect(parseTarget('100% (+/- 30% Covid)', { planYear: 2020 }).spec).toEqual({ kind: 'band', center: 100, tolPct: 30, unit: 'percent' });
  });
});
