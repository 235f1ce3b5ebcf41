/** QC stage codes as they appear in routes and defect codes, e.g. FUNCTIONAL, RF, FINAL_QC. */
export const STAGE_CODE = /^[A-Z][A-Z0-9_]*$/;
export const STAGE_CODE_RULE = 'uppercase letters, digits and _, e.g. FINAL_QC';
