/**
 * The chat platforms perfbot talks on. A domain word, not a chat detail: the database records the
 * platform of accounts, conversations and answers, so db/ and chat/ both import it from here.
 */
export type Platform = 'slack' | 'telegram' | 'local';
