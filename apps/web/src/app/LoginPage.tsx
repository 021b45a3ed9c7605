import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import { assignFieldErrors } from '../domain/field-errors';
import { Field, FormErrors } from '../ui/kit';
import { useSession } from './session';

export function LoginPage() {
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ReturnType<typeof assignFieldErrors> | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(null);
    try {
      await login(username, password);
      // Signed in, the routes send the login page on to the Inbox.
    } catch (error) {
      const problem =
        error instanceof ApiError ? error : new ApiError(0, 'NETWORK_ERROR', 'the gateway did not answer');
      const assigned = assignFieldErrors(problem.fieldProblems, ['username', 'password']);
      setErrors(problem.fieldProblems.length > 0 ? assigned : { byField: {}, general: [problem.message] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">Threadline</h1>
        <p className="muted">Sign in to the agent workspace.</p>
        <FormErrors errors={errors} />
        <Field label="Username" error={errors?.byField.username}>
          {(props) => (
            <input
              {...props}
              name="username"
              autoComplete="username"
              autoFocus
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={errors?.byField.password}>
          {(props) => (
            <input
              {...props}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
