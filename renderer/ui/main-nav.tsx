import { useView, type View } from '../state/view-store.ts';

const VIEWS: Array<{ view: View; label: string }> = [
  { view: 'leads', label: 'Lead box' },
  { view: 'rules', label: 'Rules' },
];

/** The switch between the app's main screens: plain buttons, so Tab and Enter just work. */
export function MainNav() {
  const current = useView((s) => s.view);
  const show = useView((s) => s.show);
  return (
    <nav className="main-nav" aria-label="Main">
      {VIEWS.map(({ view, label }) => (
        <button
          key={view}
          type="button"
          className={`main-nav__item${current === view ? ' main-nav__item--current' : ''}`}
          aria-current={current === view ? 'page' : undefined}
          onClick={() => show(view)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
