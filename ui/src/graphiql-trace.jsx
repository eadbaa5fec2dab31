// The upstream trace: a toggle (toolbar button and panel) that makes the
// fetcher send X-Flowgate-Trace: 1, and a panel listing the upstream
// requests of the last answer's extensions.trace.
import { useSyncExternalStore } from 'react';
import { ToolbarButton } from '@graphiql/react';

const storageKey = 'flowgate:trace';

// A tiny store shared by the fetcher (outside React) and the components.
let state = { enabled: localStorage.getItem(storageKey) === '1', last: null };
const listeners = new Set();
function set(next) {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}
function subscribe(l) {
  listeners.add(l);
  return () => listeners.delete(l);
}
const useTrace = () => useSyncExternalStore(subscribe, () => state);

export function traceEnabled() {
  return state.enabled;
}

function setEnabled(enabled) {
  localStorage.setItem(storageKey, enabled ? '1' : '0');
  set({ enabled });
}

// recordTrace keeps the trace of an answer (null when it has none).
export function recordTrace(result, asked) {
  const trace = result && result.extensions && result.extensions.trace;
  set({ last: { trace: asked && Array.isArray(trace) ? trace : null, dropped: (asked && result?.extensions?.traceDropped) || 0 } });
}

function TraceIcon({ className }) {
  return (
    <svg className={className} viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
      <path d="M3 6h6M3 12h10M3 18h14M13 6h8M17 12h4M19 18h2" strokeLinecap="round" />
    </svg>
  );
}

// TraceToolbarButton sits in the query editor's toolbar.
export function TraceToolbarButton() {
  const { enabled } = useTrace();
  const label = enabled ? 'Upstream trace on (X-Flowgate-Trace: 1): click to turn off' : 'Trace upstream requests';
  return (
    <ToolbarButton label={label} aria-pressed={enabled} className={'flowgate-trace-button' + (enabled ? ' is-on' : '')}
      onClick={() => setEnabled(!enabled)}>
      <TraceIcon className="graphiql-toolbar-icon" />
    </ToolbarButton>
  );
}

function ms(v) {
  return v.toFixed(1);
}

function TracePanel({ available }) {
  const { enabled, last } = useTrace();
  if (!available) {
    return (
      <section className="flowgate-panel">
        <h2>Upstream trace</h2>
        <p>This server does not answer traces (UPSTREAM_TRACE=false).</p>
      </section>
    );
  }
  const trace = last && last.trace;
  const total = trace ? trace.reduce((n, e) => n + e.ms, 0) : 0;
  // Entries that sent nothing: answered by the cache, refused by the open circuit.
  const cached = trace ? trace.filter((e) => e.status === 'cached').length : 0;
  const refused = trace ? trace.filter((e) => e.status === 'circuit_open').length : 0;
  const sent = trace ? trace.length - cached - refused : 0;
  return (
    <section className="flowgate-panel flowgate-trace">
      <h2>Upstream trace</h2>
      <label className="flowgate-toggle">
        <input id="flowgate-trace-toggle" type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Trace upstream requests
      </label>
      <p className="flowgate-hint">
        Sends <code>X-Flowgate-Trace: 1</code>: the answer's <code>extensions.trace</code> lists every request authentik
        received for it (route templates only, never ids or values).
      </p>
      {!last && <p className="flowgate-hint">{enabled ? 'Run a query to see its upstream requests.' : 'Turn it on, then run a query.'}</p>}
      {last && !trace && <p className="flowgate-hint">The last answer carried no trace.</p>}
      {trace && (
        <>
          <p className="flowgate-trace-summary" data-count={sent}>
            {sent === 1 ? '1 upstream request' : `${sent} upstream requests`}
            {cached > 0 && `, ${cached} answered from the cache`}
            {refused > 0 && `, ${refused} refused by the open circuit`}
            {trace.length > 0 && `, ${ms(total)} ms in all`}
            {last.dropped > 0 && ` (${last.dropped} more not listed)`}
          </p>
          <table className="flowgate-trace-table">
            <thead>
              <tr><th>#</th><th>request</th><th>status</th><th>ms</th><th title="keys of the loader batch it served">batch</th></tr>
            </thead>
            <tbody>
              {trace.map((e, i) => (
                <tr key={i} className={/^[23]/.test(e.status) || e.status === 'cached' ? '' : 'is-error'}>
                  <td>{i + 1}</td>
                  <td><span className="flowgate-method">{e.method}</span> {e.route}{e.retry ? ` (retry ${e.retry})` : ''}</td>
                  <td>{e.status}</td>
                  <td>{ms(e.ms)}</td>
                  <td title={e.loader || ''}>{e.batchSize ? `${e.loader} × ${e.batchSize}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function tracePlugin(available) {
  return {
    title: 'Upstream trace',
    icon: TraceIcon,
    content: () => <TracePanel available={available} />,
  };
}
