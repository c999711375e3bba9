import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { ENV_ALIASES } from './env-aliases';
import { EnvironmentVariables } from './environment.schema';

const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');

describe('.env.example', () => {
  const variables = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];

  it('should know the schema', () => {
    expect(variables.length).toBeGreaterThan(20);
  });

  it.each(variables)('should document %s with a default', (name) => {
    const line = new RegExp(`^${name}=`, 'm');
    expect(example).toMatch(line);
    const comment = example.slice(0, example.search(line)).split('\n').slice(-4).join('\n');
    expect(comment).toMatch(/Default/i);
  });

  it.each(Object.values(ENV_ALIASES))('should name the old variable %s', (alias) => {
    expect(example).toContain(alias);
  });
});
