-- Lean Dockerfile in Neovim's built-in LSP client, from Neovim 0.7 (Debian 12: vim.lsp.start_client
-- only) to current releases (vim.lsp.start). The README shows this file and
-- test/editors/neovim.test.ts runs it, so the documented setup is the tested one.
local server = vim.g.lean_dockerfile_server or vim.fn.expand('~/lean-dockerfile/dist/server.js')
local settings = { rules = { ['latest-tag'] = 'error', DL3015 = 'off' } } -- ids or hadolint/BuildKit aliases
local client_id -- Neovim 0.7 cannot look a running client up by name: keep one for every buffer

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'dockerfile',
  callback = function(args)
    local config = {
      name = 'lean-dockerfile',
      cmd = { 'node', server, '--stdio' },
      root_dir = vim.fn.getcwd(),
      -- Neovim 0.8+ answers the server's workspace/configuration requests from `settings`; 0.7 has
      -- no such request, so the server also accepts the settings once, at start-up.
      settings = { leanDockerfile = settings },
      init_options = { settings = settings },
    }
    if vim.lsp.start then
      vim.lsp.start(config, { bufnr = args.buf })
    else
      client_id = client_id or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, client_id)
    end
  end,
})
