import { takeResponseViolations } from '../src/response-checks';

/**
 * Every JSON response a service under test sends is checked against its OpenAPI document
 * (startTestService); a test during which one broke its declared schema fails, saying how.
 */
function failOnViolations() {
  const violations = takeResponseViolations();
  if (violations.length > 0) {
    throw new Error(`responses broke their OpenAPI schema:\n${[...new Set(violations)].slice(0, 50).join('\n')}`);
  }
}

afterEach(failOnViolations);
afterAll(failOnViolations);
