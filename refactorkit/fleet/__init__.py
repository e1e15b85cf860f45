"""`refactorkit fleet`: one verb over many repositories, each a task in a scratch work tree.

`repos` reads the repositories file, `task` runs one repository (clone or copy, the verb in a
child process, a small result record), `journal` keeps the records under `--out` so a rerun
skips what is done, and `engine` spreads the tasks over a `concurrent.futures.Executor`: a
local process pool, or Dask distributed's `Client.get_executor()`.
"""
