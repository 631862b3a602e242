/** Settings: default phone region, how long line-by-line detail is kept, and where the data lives. */
import { useEffect, useId, useState } from 'react';
import type { AppErrorData } from '../../../../shared/errors';
import { ErrorBox } from '../../components/ui/error-box';
import { Skeleton } from '../../components/ui/skeleton';
import { errorData } from '../../lib/errors';
import { useSession } from '../../stores/session-store';
import { useSettings } from '../../stores/settings-store';
import { RegionPicker } from '../map/region-picker';

export function SettingsScreen() {
  const settings = useSettings((s) => s.settings);
  const loadError = useSettings((s) => s.loadError);
  const save = useSettings((s) => s.save);
  const appInfo = useSession((s) => s.appInfo);
  const [region, setRegion] = useState('US');
  const [keepForever, setKeepForever] = useState(true);
  const [days, setDays] = useState('90');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState<AppErrorData | null>(null);
  const id = useId();

  useEffect(() => {
    if (!settings) return;
    setRegion(settings.defaultRegion);
    setKeepForever(settings.rowRetentionDays === null);
    if (settings.rowRetentionDays !== null) setDays(String(settings.rowRetentionDays));
  }, [settings]);

  const dayCount = Number(days);
  const daysValid = Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= 3650;

  const submit = async () => {
    if (!keepForever && !daysValid) return;
    setSaving(true);
    setSaved('');
    setError(null);
    try {
      await save({ defaultRegion: region, rowRetentionDays: keepForever ? null : dayCount });
      setSaved('Settings saved.');
    } catch (e) {
      setError(errorData(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="settings-title">
      <div className="screen-head"><h1 id="settings-title">Settings</h1></div>
      {loadError ? <ErrorBox error={loadError} /> : null}
      {!settings && !loadError ? <Skeleton lines={6} label="Loading settings" /> : null}
      {settings ? (
        <form className="card stack narrow" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <div className="field">
            <label htmlFor={`${id}-region`}>Default country for phone numbers</label>
            <RegionPicker id={`${id}-region`} value={region} onChange={setRegion} />
            <p className="field-hint">Used for numbers written without a +country code. Each sync can change it on the Map step.</p>
          </div>
          <fieldset className="choice-group">
            <legend>Keep line-by-line detail of finished syncs</legend>
            <label className="radio">
              <input type="radio" name="retention" checked={keepForever} onChange={() => setKeepForever(true)} />
              <span>Forever</span>
            </label>
            <label className="radio">
              <input type="radio" name="retention" checked={!keepForever} onChange={() => setKeepForever(false)} />
              <span>For a number of days</span>
            </label>
            {!keepForever ? (
              <div className="field inline-field">
                <label htmlFor={`${id}-days`}>Days</label>
                <input
                  id={`${id}-days`}
                  type="number"
                  min={1}
                  max={3650}
                  value={days}
                  onChange={(e) => setDays(e.target.value)}
                  aria-invalid={!daysValid}
                  aria-describedby={`${id}-days-hint`}
                />
              </div>
            ) : null}
            <p id={`${id}-days-hint`} className={daysValid || keepForever ? 'field-hint' : 'field-error'}>
              {daysValid || keepForever
                ? 'Counts and summaries are kept forever; only the fate of each line is removed after this time.'
                : 'Enter a whole number of days between 1 and 3,650.'}
            </p>
          </fieldset>
          <div className="field">
            <span className="label">Data folder</span>
            <code className="path-box">{settings.dataFolder}</code>
            <p className="field-hint">History and settings live here. It is chosen when the app starts.</p>
          </div>
          {error ? <ErrorBox error={error} /> : null}
          <div className="button-row end">
            <span role="status" aria-live="polite" className="status-line">{saved}</span>
            <button type="submit" className="primary" disabled={saving}>{saving ? 'Saving…' : 'Save settings'}</button>
          </div>
        </form>
      ) : null}
      {appInfo ? (
        <section className="card narrow" aria-labelledby={`${id}-about`}>
          <h2 id={`${id}-about`}>About</h2>
          <dl className="facts">
            <div><dt>Version</dt><dd>{appInfo.version}</dd></div>
            <div><dt>Platform</dt><dd>{appInfo.platform}</dd></div>
            <div><dt>Klaviyo address</dt><dd><code>{appInfo.klaviyoBaseUrl}</code></dd></div>
            {appInfo.environmentKey ? <div><dt>Key from the environment</dt><dd><code>{appInfo.environmentKey.maskedKey}</code></dd></div> : null}
          </dl>
        </section>
      ) : null}
    </section>
  );
}
