/** How long a web console sign-in link stays valid, in minutes (apart so `perfbot --help` can say it without loading the console). */
export const LINK_MINUTES = 15;
