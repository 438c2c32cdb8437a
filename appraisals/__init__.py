"""R-APR-1…5: appraisal cycles, the roll-up, the evaluation flow and the results."""
