/** The Student t distribution the engine's inference uses (one place to swap the implementation). */
export { tCdf, tQuantile, tTwoSidedP } from './student-t.ts';
