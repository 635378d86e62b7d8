// Placeholder: generates dist/schemas/*.json from the zod schemas (filled in by the models work).
