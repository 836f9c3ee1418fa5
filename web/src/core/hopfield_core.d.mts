// Hand-written declarations of the embind module (emscripten 3.1.6 cannot emit them).
export interface HopfieldCore {
  recallTrajectory(options: object): any;
  corrupt(options: object): any;
  biasSink(options: object): any;
  betaRetrieval(options: object): any;
  attentionStep(options: object): any;
  classicalCapacityPoint(options: object): any;
  modernCapacityPoint(options: object): any;
  benchmark(options: object): any;
  SpectrumSlider: new (options: object) => { at(a: number): any; error(): string; delete(): void };
  RandomFeaturesSweep: new (options: object) => {
    point(rule: string, k: number): any;
    /** One set of point k (0 train, 1 features, 2 test): the same numbers as point(), a set at a time. */
    pointSet(rule: string, k: number, set: number): any;
    alphas(): Float64Array;
    features(): number;
    error(): string;
    delete(): void;
  };
}
export default function createHopfieldCore(options?: object): Promise<HopfieldCore>;
