import { describe, expect, it } from 'vitest';
import { CallbackDataCodec } from '../../src/chat/telegram/callback-data.js';
import { parseTelegramCommand } from '../../src/chat/telegram/commands.js';
import { toTelegramHtml } from '../../src/chat/telegram/html.js';
import { renderTelegramMessages } from '../../src/chat/telegram/render.js';

describe('Telegram rendering', () => {
  it('escapes &, <, > and turns *bold* into <b>', () => {
    expect(toTelegramHtml('*OB1 — A&B* valore <5> e * sola')).toBe('<b>OB1 — A&amp;B</b> valore &lt;5&gt; e * sola');
  });

  it('keeps short callback values and maps long ones to a key of at most 64 bytes', () => {
    const codec = new CallbackDataCodec();
    const long = 'è'.repeat(40);
    expect(codec.encode('yes')).toBe('yes');
    const key = codec.encode(long);
    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(64);
    expect(codec.decode(key)).toBe(long);
    expect(codec.decode('yes')).toBe('yes');
    expect(new CallbackDataCodec().decode(key)).toBeUndefined();
  });

  it('puts the keyboard on the last message only', () => {
    const messages = renderTelegramMessages({ text: `${'a '.repeat(2000)}\n\n${'b '.repeat(2000)}`, choices: [[{ label: 'OK', value: 'ok' }]] }, new CallbackDataCodec(), 'Scegli:');
    expect(messages).toHaveLength(2);
    expect(messages[0]!.reply_markup).toBeUndefined();
    expect(messages[1]!.reply_markup).toEqual({ inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] });
  });

  it('uses the fixed text when a message has only buttons', () => {
    const [message] = renderTelegramMessages({ text: ' ', choices: [[{ label: 'OK', value: 'ok' }]] }, new CallbackDataCodec(), 'Scegli:');
    expect(message!.text).toBe('Scegli:');
  });
});

describe('Telegram commands', () => {
  it('reads known commands, with @bot suffix and arguments, and English aliases', () => {
    expect(parseTelegramCommand('/start Abc-123_x')).toEqual({ command: 'start', text: 'Abc-123_x' });
    expect(parseTelegramCommand('/Stato@perfbot_bot')).toEqual({ command: 'stato', text: '' });
    expect(parseTelegramCommand('/help')).toEqual({ command: 'aiuto', text: '' });
    expect(parseTelegramCommand('/lingua en')).toEqual({ command: 'lingua', text: 'en' });
    expect(parseTelegramCommand('/console')).toEqual({ command: 'console', text: '' });
  });

  it('leaves unknown commands and plain text alone', () => {
    expect(parseTelegramCommand('/boh')).toBeNull();
    expect(parseTelegramCommand('60')).toBeNull();
    expect(parseTelegramCommand('50/100')).toBeNull();
  });
});
