/** The visible steps of a flow; done steps can be revisited with a click or the keyboard. */
interface StepBarProps<S extends string> {
  steps: readonly S[];
  labels: Record<S, string>;
  current: S;
  reachable: Set<S>;
  onGo(step: S): void;
  label: string;
}

export function StepBar<S extends string>({ steps, labels, current, reachable, onGo, label }: StepBarProps<S>) {
  const at = steps.indexOf(current);
  return (
    <nav aria-label={label} className="step-bar">
      <ol>
        {steps.map((step, i) => {
          const state = i < at ? 'done' : i === at ? 'current' : 'todo';
          const text = (
            <>
              <span className="step-number" aria-hidden="true">{state === 'done' ? '✓' : i + 1}</span>
              <span className="step-name">{labels[step]}</span>
              {state === 'done' ? <span className="visually-hidden"> (done)</span> : null}
            </>
          );
          return (
            <li key={step} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              {state === 'done' && reachable.has(step)
                ? <button type="button" className="step-button" onClick={() => onGo(step)}>{text}</button>
                : <span className="step-button">{text}</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
