/** Shown in a browser when the page has no valid token for the web bridge. */
export function UnauthorizedScreen() {
  return (
    <main className="welcome">
      <div className="welcome__card welcome__card--narrow" role="alert">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">LeadRelay</span>
        </div>
        <h1 className="welcome__title">Open LeadRelay from its own link</h1>
        <p>
          This page is not connected to LeadRelay. For your safety, LeadRelay in a browser only answers the page opened with
          the private link it prints when it starts, and that link only works while that LeadRelay is running.
        </p>
        <ol className="steps">
          <li>
            In a terminal, run <code>npm run start:web</code>.
          </li>
          <li>
            Open the address it prints, which looks like <code>http://127.0.0.1:PORT/#token=…</code>
          </li>
        </ol>
      </div>
    </main>
  );
}
