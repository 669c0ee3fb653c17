import { LogoMark } from '../components';
import { EngineStatusIndicator } from '../engine/EngineStatusIndicator';
import { hrefFor, type ScreenId } from '../navigation/route';
import { screens, type ScreenDefinition } from '../navigation/screens';
import { shortcutKeys, shortcutLabel } from '../navigation/shortcuts';
import { PullsIndicator } from './PullsIndicator';
import './Sidebar.css';

export function Sidebar({ current }: { current: ScreenId }) {
  const work = screens.filter((screen) => screen.id !== 'settings');
  const settings = screens.filter((screen) => screen.id === 'settings');
  return (
    <aside className="sidebar app-chrome">
      <div className="sidebar__brand">
        <LogoMark size={28} />
        <span className="sidebar__name">Stevedore</span>
      </div>
      <nav className="sidebar__nav" aria-label="Main">
        <ul className="sidebar__list">
          {work.map((screen) => (
            <NavItem key={screen.id} screen={screen} current={current} />
          ))}
        </ul>
        <ul className="sidebar__list sidebar__list--end">
          {settings.map((screen) => (
            <NavItem key={screen.id} screen={screen} current={current} />
          ))}
        </ul>
      </nav>
      <div className="sidebar__footer">
        <PullsIndicator />
        <EngineStatusIndicator />
      </div>
    </aside>
  );
}

function NavItem({ screen, current }: { screen: ScreenDefinition; current: ScreenId }) {
  const position = screens.indexOf(screen) + 1;
  const active = screen.id === current;
  const { Icon } = screen;
  return (
    <li>
      <a
        href={hrefFor(screen.id)}
        className="sidebar__link"
        aria-current={active ? 'page' : undefined}
        aria-keyshortcuts={shortcutKeys(position)}
        title={`${screen.label} (${shortcutLabel(position)})`}
        data-testid={`nav-${screen.id}`}
      >
        <Icon size={18} className="sidebar__icon" />
        <span className="sidebar__label">{screen.label}</span>
        <kbd className="sidebar__shortcut" aria-hidden="true">
          {shortcutLabel(position)}
        </kbd>
      </a>
    </li>
  );
}
