import { describe, expect, it } from 'vitest';
import { ofEnte } from '../../src/i18n/ente-name.js';
import { plainTranslator } from '../../src/i18n/messages.js';

describe('an ente named after "of" (issue 14)', () => {
  it('joins di with the article of the noun that opens the name, and keeps di for a bare place name', () => {
    expect(ofEnte('Comune di Segrate', 'it')).toBe('del Comune di Segrate');
    expect(ofEnte("Unione delle Terre d'Argine", 'it')).toBe("dell'Unione delle Terre d'Argine");
    expect(ofEnte('Provincia di Modena', 'it')).toBe('della Provincia di Modena');
    expect(ofEnte('Segrate', 'it')).toBe('di Segrate');
    expect(ofEnte('Comune di Segrate', 'en')).toBe('of Comune di Segrate');
  });

  it('writes the start line with it', () => {
    const line = plainTranslator('it')('start.imported', { plan: 'PDO 2022', ofEnte: ofEnte('Comune di Segrate', 'it'), database: 'data/perfbot.db' });
    expect(line).toBe('Piano «PDO 2022» del Comune di Segrate caricato nel database data/perfbot.db.');
  });
});
