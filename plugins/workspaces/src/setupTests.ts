import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Our machines are shared and CI runs beside other CPU-heavy jobs: a render
// that takes a second there is slow, not wrong. findBy/waitFor wait up to
// 15 s (not 1 s) and a test up to 60 s (not 5 s); what they wait for is
// unchanged.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);
