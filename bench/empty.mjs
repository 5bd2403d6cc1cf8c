// Imported by cold.mjs to time node's ESM loader alone.
export const empty = true;
