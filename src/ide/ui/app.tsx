/** The IDE's root: picks the view for the route, and hosts dialogs and notices. */
import { useSignalEffect } from '@preact/signals';
import { navigate, projectTitle, route } from '../app-state';
import { closeSession, openStatus, session, showLive, showProject, showRoot, showShare } from '../project-controller';
import { DialogHost } from './dialog';
import { Header } from './header';
import { HomeView } from './home-view';
import { JoiningLive } from './live-joining';
import { Notices } from './notices';
import { WorkspaceView } from './workspace-view';
import './app.css';

export function App() {
  // Open or close projects as the route changes.
  useSignalEffect(() => {
    const r = route.value;
    if (r.view === 'root') void showRoot();
    else if (r.view === 'project') void showProject(r.id);
    else if (r.view === 'live') void showLive(r.room, r.token);
    else if (r.view === 'share') void showShare(r.payload);
    else void closeSession();
  });

  useSignalEffect(() => {
    const r = route.value;
    if (r.view === 'project') document.title = projectTitle.value ? `${projectTitle.value} · Cove` : 'Cove';
    else if (r.view !== 'home') document.title = 'Cove';
  });

  return (
    <>
      <View />
      <DialogHost />
      <Notices />
    </>
  );
}

function View() {
  const r = route.value;
  if (r.view === 'home') return <HomeView />;
  if (r.view === 'not-found') return <Message title="Page not found" text={`There is nothing at ${r.path}.`} />;
  const s = session.value;
  if (r.view === 'project' && s?.id === r.id) return <WorkspaceView key={s.id} session={s} />;
  const status = openStatus.value;
  if (status.state === 'missing')
    return (
      <Message
        title="Project not found"
        text={`There is no project "${status.id}" in this browser. Projects are stored locally, per browser.`}
      />
    );
  if (status.state === 'error')
    return <Message title={status.title ?? 'Could not open the project'} text={status.message} />;
  if (status.state === 'joining') return <JoiningLive offline={status.offline} />;
  return (
    <div class="app-loading" role="status">
      <span class="app-spinner" aria-hidden="true" />
      Opening project…
    </div>
  );
}

function Message({ title, text }: { title: string; text: string }) {
  return (
    <div class="app-message-page">
      <Header editableTitle={false} />
      <main class="app-message" role="alert">
        <h1>{title}</h1>
        <p>{text}</p>
        <a
          class="cove-btn primary"
          href="/projects"
          onClick={(e) => {
            e.preventDefault();
            navigate({ view: 'home' });
          }}
        >
          Go to your projects
        </a>
      </main>
    </div>
  );
}
