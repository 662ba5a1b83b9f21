import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createApi } from './api/client'
import { trackJobs } from './api/use-job'
import './styles.css'

const api = createApi()
trackJobs(api)
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
)
