// Drives a command in a real terminal (tmux), as a person at a keyboard would: type, press keys, read the screen.
import { execa } from 'execa';

export interface Terminal {
  type(text: string): Promise<void>;
  press(...keys: string[]): Promise<void>;
  screen(): Promise<string>;
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  kill(): Promise<void>;
  /** The pid of the pane's shell: the root of the command's process tree. */
  panePid(): Promise<number>;
}

export async function openTerminal(command: string, cwd: string, env: Record<string, string>): Promise<Terminal> {
  const socket = `pilot-slice-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { env, extendEnv: false });
  // The shell keeps the pane open after the command ends, so its exit code can be read from the screen.
  await tmux('new-session', '-d', '-x', '120', '-y', '50', '-c', cwd, `${command}; echo "EXIT=$?"; sleep 60`);
  const screen = async () => (await tmux('capture-pane', '-p', '-S', '-200')).stdout;
  return {
    type: async (text) => void (await tmux('send-keys', '-l', text)),
    press: async (...keys) => void (await tmux('send-keys', ...keys)),
    screen,
    waitFor: async (pattern, ms = 15_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const text = await screen();
        if (pattern.test(text)) return text;
        if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; screen:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    kill: async () => void (await tmux('kill-server').catch(() => undefined)),
    panePid: async () => Number((await tmux('display-message', '-p', '#{pane_pid}')).stdout.trim()),
  };
}
