"""Split by area (agreements, centres, job_packages) so the pages can grow apart."""
