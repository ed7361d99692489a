import type { Request, Response } from 'express';

/** After a form: a message for the next page, then a 303 so reloading that page does not post again. */
export async function redirectWithFlash(req: Request, res: Response, location: string, message: string): Promise<void> {
  req.session.data.flash = message;
  await req.session.save();
  res.redirect(303, location);
}
