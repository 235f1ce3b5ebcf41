interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

interface Lane<I, O> {
  queue: Waiting<I, O>[];
  running: number;
}

/**
 * Group commit: calls that arrive while earlier ones are being written wait, and then go
 * to the database together, in one transaction. A call that finds its lane idle runs at
 * once, so nothing waits on a timer; under load, one commit carries many requests.
 *
 * Calls with the same lane key (a work order, say) form groups together; `run` gets a
 * group and answers one outcome per item, in order. It must not throw for one item's sake:
 * a throw fails the whole group.
 */
export class GroupRunner<I, O> {
  private readonly lanes = new Map<string, Lane<I, O>>();

  constructor(
    private readonly run: (lane: string, items: I[]) => Promise<O[]>,
    private readonly options: { maxGroup: number; concurrencyPerLane: number },
  ) {}

  submit(lane: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let state = this.lanes.get(lane);
      if (!state) {
        state = { queue: [], running: 0 };
        this.lanes.set(lane, state);
      }
      state.queue.push({ item, resolve, reject });
      this.drain(lane, state);
    });
  }

  private drain(lane: string, state: Lane<I, O>): void {
    while (state.running < this.options.concurrencyPerLane && state.queue.length > 0) {
      const group = state.queue.splice(0, this.options.maxGroup);
      state.running++;
      this.run(
        lane,
        group.map((w) => w.item),
      )
        .then(
          (outcomes) => group.forEach((w, i) => w.resolve(outcomes[i])),
          (error: unknown) => group.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          state.running--;
          if (state.running === 0 && state.queue.length === 0) this.lanes.delete(lane);
          else this.drain(lane, state);
        });
    }
  }
}
