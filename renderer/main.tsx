import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyThemePreference, readThemePreference } from './theme/themePreference';
import './styles/tokens.css';
import './styles/base.css';

// Before the first render, so a chosen Light or Dark theme does not flash the OS theme first.
applyThemePreference(readThemePreference());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
