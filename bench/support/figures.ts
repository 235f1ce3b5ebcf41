/** One measured figure of the benchmark report. */
export interface BenchFigure {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
  setup?: string;
}
