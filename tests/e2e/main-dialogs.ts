/**
 * Stand-ins for main's native dialogs in the end-to-end tests. The harness hands them to `startPreview` as its
 * `mainDialogs` option — an argument of the in-process call, so neither the page nor `npm run preview` can install or
 * answer them. Each question is recorded exactly as main asked it. While it is "open" it is drawn over the page the
 * way the native dialog would cover the window (a plain box added with Playwright, not part of the app), so the
 * README's screenshot shows what the user reads, and then it is answered as the test scripted: a question the test
 * did not script is cancelled, as a user closing the dialog would.
 */
import type { Page } from 'playwright-core';
import type { PreviewOptions } from '../../main/preview/preview';

export interface AskedDialog {
  kind: 'confirm-engine' | 'choose-tls-folder';
  title: string;
  message: string;
  detail?: string;
  buttons: string[];
}

type MainDialogs = NonNullable<PreviewOptions['mainDialogs']>;

export class MainDialogDouble {
  /** Every question main asked, in order. */
  readonly asked: AskedDialog[] = [];
  /** The page to draw an open dialog over (set once the harness has opened it). */
  page: Page | undefined;
  /** Runs while a dialog is drawn over the page, e.g. to take its screenshot. */
  whileShown: ((dialog: AskedDialog) => Promise<void>) | undefined;
  private readonly confirmations: boolean[] = [];
  private readonly folders: Array<string | undefined> = [];

  /** The answers to the next engine confirmations: true is the confirm button, false Cancel. */
  willConfirm(...answers: boolean[]): void {
    this.confirmations.push(...answers);
  }

  /** The folders the user will pick in the next folder dialogs (undefined: Cancel). */
  willChooseFolder(...folders: Array<string | undefined>): void {
    this.folders.push(...folders);
  }

  readonly dialogs: Required<MainDialogs> = {
    confirmEngine: async (question) => {
      await this.show({ kind: 'confirm-engine', title: question.title, message: question.message, detail: question.detail, buttons: [question.confirmLabel, question.cancelLabel] });
      return this.confirmations.shift() ?? false;
    },
    chooseTlsFolder: async (question) => {
      await this.show({ kind: 'choose-tls-folder', title: question.title, message: question.message, buttons: ['Open', 'Cancel'] });
      return this.folders.shift();
    },
  };

  private async show(dialog: AskedDialog): Promise<void> {
    this.asked.push(dialog);
    const page = this.page;
    if (!page) return;
    await page.evaluate((shown) => {
      const backdrop = document.createElement('div');
      backdrop.dataset.testid = 'main-dialog-double';
      backdrop.setAttribute('role', 'dialog');
      backdrop.setAttribute('aria-label', shown.title);
      backdrop.style.cssText = 'position:fixed;inset:0;z-index:2147483647;display:grid;place-items:center;background:rgba(0,0,0,.35);font:14px system-ui,sans-serif';
      const box = document.createElement('div');
      box.style.cssText = 'max-width:520px;background:#f6f6f6;color:#111;border:1px solid #999;border-radius:8px;box-shadow:0 10px 40px rgba(0,0,0,.4);padding:18px 20px';
      const title = document.createElement('div');
      title.textContent = shown.title;
      title.style.cssText = 'font-weight:600;font-size:15px;margin-bottom:8px';
      const message = document.createElement('div');
      message.textContent = shown.message;
      message.style.cssText = 'margin-bottom:8px';
      const detail = document.createElement('div');
      detail.textContent = shown.detail ?? '';
      detail.style.cssText = 'white-space:pre-wrap;color:#444;font-size:12.5px;margin-bottom:14px';
      const buttons = document.createElement('div');
      buttons.style.cssText = 'display:flex;gap:8px;justify-content:flex-end';
      shown.buttons.forEach((label, index) => {
        const button = document.createElement('span');
        button.textContent = label;
        button.style.cssText = `padding:5px 14px;border-radius:5px;border:1px solid #888;${index === 0 ? 'background:#2563eb;color:#fff;border-color:#2563eb' : 'background:#fff'}`;
        buttons.append(button);
      });
      box.append(title, message, detail, buttons);
      backdrop.append(box);
      document.body.append(backdrop);
    }, dialog);
    try {
      await this.whileShown?.(dialog);
    } finally {
      await page.evaluate(() => document.querySelector('[data-testid="main-dialog-double"]')?.remove());
    }
  }
}
