// npm run hash-password: reads a password (from a pipe, or typed without echo) and prints its hash
// for CONSOLE_LOCAL_ACCOUNTS. The password itself is never printed nor stored.
import { createInterface } from 'node:readline/promises';
import { hashPassword } from '../lib/auth/password';

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += String(chunk);
    return input.replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Mute the echo after the prompt is written.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void });
  process.stderr.write('Password: ');
  write._writeToOutput = () => {};
  const password = await rl.question('');
  rl.close();
  process.stderr.write('\n');
  return password;
}

const password = await readPassword();
if (password.length < 12) {
  process.stderr.write('The password must be at least 12 characters long.\n');
  process.exit(1);
}
process.stdout.write(`${await hashPassword(password)}\n`);
