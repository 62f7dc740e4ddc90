import { createRouter, createWebHistory } from 'vue-router';

// One chunk per screen: the judge pad never downloads the charts of the big screen.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    { path: '/host', name: 'host', component: () => import('./pages/HostPage.vue') },
    { path: '/setup', name: 'setup', component: () => import('./pages/SetupPage.vue') },
    { path: '/print', name: 'print', component: () => import('./pages/PrintPage.vue') },
    { path: '/print/analysis', name: 'print-analysis', component: () => import('./pages/AnalysisReportPage.vue') },
    { path: '/judge/:token', name: 'judge', component: () => import('./pages/JudgePage.vue'), props: true },
    { path: '/screen', name: 'screen', component: () => import('./pages/ScreenPage.vue') },
    { path: '/ceremony', name: 'ceremony', component: () => import('./pages/CeremonyPage.vue') },
    { path: '/live', name: 'live', component: () => import('./pages/LivePage.vue') },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
});
