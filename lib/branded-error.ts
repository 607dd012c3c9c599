import 'server-only';

const PREFIX = 'mass-action-console.';

/**
 * Base of the errors the console tells apart with `instanceof`. Next.js may bundle a module more
 * than once while process-wide singletons (the Zuora client, the importer) are shared, so an error
 * thrown by one copy of a class must still be recognised by another: `instanceof` checks a
 * registered symbol named by the subclass's `brand`, not the class's identity.
 */
export abstract class BrandedError extends Error {
  static readonly brand: string;

  static [Symbol.hasInstance](value: unknown): boolean {
    const brand = Symbol.for(PREFIX + (this as unknown as { brand: string }).brand);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    const { brand } = new.target as unknown as { brand: string };
    Object.defineProperty(this, Symbol.for(PREFIX + brand), { value: true });
    this.name = brand;
  }
}
