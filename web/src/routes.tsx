import { Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { setUnauthorizedHandler } from './api/client';
import { ErrorBoundary } from './components/error-boundary';
import { PublicLayout } from './components/public-layout';
import { hasRole, readSession } from './session';

// Each page is its own chunk: a citizen opening the receipt's QR link loads the tracking page, not the staff desk.
const Login = lazy(() => import('./pages/login'));
const Home = lazy(() => import('./pages/public/home'));
const Track = lazy(() => import('./pages/public/track'));
const TrackSearch = lazy(() => import('./pages/public/track-search'));
const Catalogue = lazy(() => import('./pages/public/catalogue'));
const FeedbackForm = lazy(() => import('./pages/public/feedback'));
const FeedbackTrack = lazy(() => import('./pages/public/feedback-track'));
const StaffLayout = lazy(() => import('./components/staff-layout'));
const Reception = lazy(() => import('./pages/staff/reception'));
const ReturnResult = lazy(() => import('./pages/staff/return-result'));
const Inbox = lazy(() => import('./pages/staff/inbox'));
const DossierPage = lazy(() => import('./pages/staff/dossier'));
const BoardPage = lazy(() => import('./pages/staff/board'));
const ReportsPage = lazy(() => import('./pages/staff/reports'));
const RegisterPage = lazy(() => import('./pages/staff/register'));
const FeedbackDesk = lazy(() => import('./pages/staff/feedback-desk'));
const PlanPage = lazy(() => import('./pages/staff/plan'));
const UsersAdmin = lazy(() => import('./pages/admin/users'));
const ProceduresAdmin = lazy(() => import('./pages/admin/procedures'));
const CalendarsAdmin = lazy(() => import('./pages/admin/calendars'));
const RuleSetsAdmin = lazy(() => import('./pages/admin/rule-sets'));
const QueuesAdmin = lazy(() => import('./pages/admin/queues'));
const NotFound = lazy(() => import('./pages/not-found'));

// An expired token sends the officer to the login page, which brings them back here afterwards.
setUnauthorizedHandler(() => {
  const here = location.pathname + location.search;
  if (!location.pathname.startsWith('/dang-nhap')) location.assign(`/dang-nhap?next=${encodeURIComponent(here)}`);
});

function RequireStaff({ children }: { children: ReactNode }) {
  const loc = useLocation();
  if (!readSession()) return <Navigate to={`/dang-nhap?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}

/** Where an officer starts the day: reception at the desk, everyone else at their inbox. */
export function staffHome(): string {
  const s = readSession();
  if (!s) return '/';
  if (hasRole(s, 'reception')) return '/tiep-nhan';
  if (hasRole(s, 'specialist', 'leader', 'manager')) return '/ho-so';
  if (hasRole(s, 'province_viewer')) return '/bang-theo-doi';
  if (hasRole(s, 'admin')) return '/quan-tri/tai-khoan';
  return '/thu-tuc';
}

const loading = (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin size="large" tip="Đang tải…">
      <div style={{ height: 40 }} />
    </Spin>
  </div>
);

export function AppRoutes() {
  return (
    <BrowserRouter>
      <ErrorBoundary>
        <Suspense fallback={loading}>
          <Routes>
            <Route path="/dang-nhap" element={<Login />} />
            <Route element={<PublicLayout />}>
              <Route path="/" element={<Home />} />
              <Route path="/tra-cuu" element={<TrackSearch />} />
              <Route path="/tra-cuu/:code" element={<Track />} />
              <Route path="/thu-tuc" element={<Catalogue />} />
              <Route path="/phan-anh" element={<FeedbackForm />} />
              <Route path="/phan-anh/:code" element={<FeedbackTrack />} />
            </Route>
            <Route
              element={
                <RequireStaff>
                  <StaffLayout />
                </RequireStaff>
              }
            >
              <Route path="/tiep-nhan" element={<Reception />} />
              <Route path="/tra-ket-qua" element={<ReturnResult />} />
              <Route path="/ho-so" element={<Inbox />} />
              <Route path="/ho-so/:id" element={<DossierPage />} />
              <Route path="/bang-theo-doi" element={<BoardPage />} />
              <Route path="/bao-cao" element={<ReportsPage />} />
              <Route path="/ke-hoach" element={<PlanPage />} />
              <Route path="/so-theo-doi" element={<RegisterPage />} />
              <Route path="/xu-ly-phan-anh" element={<FeedbackDesk />} />
              <Route path="/quan-tri/tai-khoan" element={<UsersAdmin />} />
              <Route path="/quan-tri/thu-tuc" element={<ProceduresAdmin />} />
              <Route path="/quan-tri/lich" element={<CalendarsAdmin />} />
              <Route path="/quan-tri/quy-tac" element={<RuleSetsAdmin />} />
              <Route path="/quan-tri/hang-doi" element={<QueuesAdmin />} />
              <Route path="/can-bo" element={<Navigate to={staffHome()} replace />} />
            </Route>
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </ErrorBoundary>
    </BrowserRouter>
  );
}
