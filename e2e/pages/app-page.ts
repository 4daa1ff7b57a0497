/** The whole app in one tab: opening it, the top bar, toasts, theme, and the feature page objects. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Backend } from '../fixtures/backend.js';
import { DesignerPage } from './designer-page.js';
import { GalleryPage } from './gallery-page.js';
import { RunPage } from './run-page.js';

const LOOPBACK = '127.0.0.1';

export class AppPage {
  readonly gallery: GalleryPage;
  readonly designer: DesignerPage;
  readonly runs: RunPage;
  /** What the tab did, recorded from before it opened: requests off 127.0.0.1, WebSockets, errors. */
  readonly seen = { offHost: [] as string[], sockets: [] as string[], pageErrors: [] as string[], consoleErrors: [] as string[] };

  constructor(readonly page: Page, readonly backend: Backend) {
    this.gallery = new GalleryPage(page);
    this.designer = new DesignerPage(page);
    this.runs = new RunPage(page);
    const watch = (url: string) => {
      const u = new URL(url);
      if (/^(https?|wss?):$/.test(u.protocol) && u.hostname !== LOOPBACK) this.seen.offHost.push(url);
    };
    // The context sees requests of the page's workers too (Monaco's).
    page.context().on('request', (r) => watch(r.url()));
    page.on('websocket', (ws) => { this.seen.sockets.push(ws.url()); watch(ws.url()); });
    page.on('pageerror', (e) => this.seen.pageErrors.push(`${e.name}: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') this.seen.consoleErrors.push(m.text()); });
  }

  /** Opens the URL `pipewright ui` printed and waits until the app says it is ready (never a sleep). */
  async open(url = this.backend.url): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('#root')).toHaveAttribute('data-app-state', 'ready', { timeout: 30_000 });
  }

  /** Reloads the tab (the cookie set by the first visit carries the token from now on). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitReady();
  }

  tool(id: 'new' | 'open' | 'save' | 'save-as' | 'undo' | 'redo' | 'layout' | 'fit' | 'find' | 'theme'): Locator {
    return this.page.getByTestId(`btn-${id}`);
  }

  get docTitle(): Locator { return this.page.getByTestId('doc-title'); }
  get dirtyDot(): Locator { return this.page.getByTestId('dirty-dot'); }

  /** Toasts whose text contains `text`. */
  toast(text?: string | RegExp): Locator {
    const all = this.page.getByTestId('toast');
    return text === undefined ? all : all.filter({ hasText: text });
  }

  /** Closes every toast (they would sit over the inspector in a screenshot). */
  async dismissToasts(): Promise<void> {
    const close = this.page.getByTestId('toast').getByRole('button', { name: 'Dismiss', exact: true });
    // A toast may time out on its own between the count and the click.
    for (let i = 0; i < 10 && (await close.count()) > 0; i++) await close.first().click({ timeout: 2000 }).catch(() => undefined);
  }

  async setTheme(theme: 'light' | 'dark'): Promise<void> {
    const html = this.page.locator('html');
    if ((await html.getAttribute('data-theme')) !== theme) await this.tool('theme').click();
    await expect(html).toHaveAttribute('data-theme', theme);
  }
}
