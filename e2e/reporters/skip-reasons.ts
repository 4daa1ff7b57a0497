/**
 * Lists every skipped test with its reason after the run, next to the list reporter's summary (which
 * shows a skipped test's title but not why), e.g. the Electron project on a machine without Electron.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  private readonly skipped: string[] = [];

  printsToStdio(): boolean { return true; }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const why = test.annotations.filter((a) => a.type === 'skip' || a.type === 'fixme').map((a) => a.description).filter(Boolean).join('; ');
    const project = test.parent.project()?.name;
    this.skipped.push(`  - ${project ? `[${project}] ` : ''}${test.titlePath().slice(2).join(' › ')}: ${why || 'no reason given'}`);
  }

  onEnd(): void {
    if (this.skipped.length) console.log(`\nSkipped, and why:\n${this.skipped.join('\n')}`);
  }
}
