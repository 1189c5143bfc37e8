/** A saga's undo list: undos are registered before their step runs, and run in reverse. */
export class Compensations {
  private readonly undos: { name: string; undo: () => Promise<unknown> }[] = [];

  add(name: string, undo: () => Promise<unknown>): void {
    this.undos.push({ name, undo });
  }

  /** Forgets every undo: the saga has passed the point where undoing makes sense. */
  clear(): void {
    this.undos.length = 0;
  }

  /**
   * Runs every undo, newest first. One failing does not stop the others; failures are returned so the
   * workflow can record them for staff. An undo failing in a way `haltOn` accepts stops the run instead,
   * leaving the older undos undone (`halted`): the caller takes another path, such as a return.
   */
  async run(
    onEach: (name: string, error?: unknown) => Promise<void>,
    haltOn: (error: unknown) => boolean = () => false,
  ): Promise<{ errors: string[]; halted: boolean }> {
    const errors: string[] = [];
    for (const { name, undo } of this.undos.splice(0).reverse()) {
      try {
        await undo();
        await onEach(name);
      } catch (error) {
        errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        await onEach(name, error);
        if (haltOn(error)) {
          this.undos.length = 0;
          return { errors, halted: true };
        }
      }
    }
    return { errors, halted: false };
  }
}
