-- Drives Neovim's LSP client for test/editors/neovim.test.ts: loads the user config the README shows,
-- opens one Dockerfile, waits for the server's diagnostics, asks for the code actions of each one and
-- for a hover, writes all of it to a JSON file and quits (exit code 1 when something went wrong).
-- Environment: LEAN_CONFIG (the config file), LEAN_SERVER (dist/server.js), LEAN_DOCKERFILE,
-- LEAN_HOVER ("line:character", 0-based), LEAN_RESULT (the JSON file to write).
local env = function(name)
  local value = os.getenv(name)
  if value == nil or value == '' then
    error(name .. ' is not set')
  end
  return value
end

local result_path = env('LEAN_RESULT')
local timeout_ms = 30000

local function write_result(result)
  local file = assert(io.open(result_path, 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
end

vim.g.lean_dockerfile_server = env('LEAN_SERVER')
dofile(env('LEAN_CONFIG'))

-- Recorded before Neovim's own handler runs, which only turns them into vim.diagnostic entries.
local published = {}
local show_diagnostics = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  table.insert(published, params)
  return show_diagnostics(err, params, ctx, config)
end

local function probe()
  local path = vim.fn.fnamemodify(env('LEAN_DOCKERFILE'), ':p')
  local uri = vim.uri_from_fname(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()

  local diagnostics
  local arrived = vim.wait(timeout_ms, function()
    for _, params in ipairs(published) do
      if params.uri == uri then
        diagnostics = params.diagnostics
        return true
      end
    end
    return false
  end, 20)
  if not arrived then
    error('no textDocument/publishDiagnostics for ' .. uri .. ' within ' .. timeout_ms .. ' ms (filetype: '
      .. vim.bo[bufnr].filetype .. ', clients: ' .. #vim.lsp.buf_get_clients(bufnr) .. ')')
  end

  local client = vim.lsp.get_active_clients()[1]
  local function request(method, params)
    local response, err = client.request_sync(method, params, timeout_ms, bufnr)
    if response == nil then
      error(method .. ': ' .. tostring(err))
    end
    if response.err then
      error(method .. ': ' .. vim.inspect(response.err))
    end
    return response.result
  end

  local found = {}
  for _, diagnostic in ipairs(diagnostics) do
    local titles = {}
    local actions = request('textDocument/codeAction', {
      textDocument = { uri = uri },
      range = diagnostic.range,
      context = { diagnostics = { diagnostic } },
    })
    for _, action in ipairs(actions or {}) do
      table.insert(titles, action.title)
    end
    table.insert(found, {
      code = diagnostic.code,
      source = diagnostic.source,
      severity = diagnostic.severity,
      line = diagnostic.range.start.line,
      character = diagnostic.range.start.character,
      message = diagnostic.message,
      actions = titles,
    })
  end

  local hover_line, hover_character = env('LEAN_HOVER'):match('^(%d+):(%d+)$')
  local hover = request('textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = tonumber(hover_line), character = tonumber(hover_character) },
  })

  write_result({
    client = client.name,
    filetype = vim.bo[bufnr].filetype,
    diagnostics = found,
    -- What Neovim itself made of the publication (vim.diagnostic, 0-based lines).
    shown = #vim.diagnostic.get(bufnr),
    hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL,
  })

  vim.lsp.stop_client(client.id)
  vim.wait(5000, function()
    return client.is_stopped()
  end, 20)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  nested = true, -- so that :edit inside it triggers filetype detection and the FileType autocmd
  callback = function()
    local ok, message = xpcall(probe, debug.traceback)
    if ok then
      vim.cmd('qall!')
    else
      pcall(write_result, { error = message })
      vim.cmd('cquit 1')
    end
  end,
})
