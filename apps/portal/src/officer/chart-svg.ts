/** Text as it may appear inside SVG markup: a programme's or a mutual's name cannot inject markup. */
export const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
