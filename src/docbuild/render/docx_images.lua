-- docbuild's DOCX filter: the images a Word file must embed.
--
-- pandoc runs with --sandbox, so its writer may read no file but those on its command line;
-- a DOCX needs the image bytes. docbuild has checked each image (inside the paper folder,
-- present, not too large) and lists them in `docbuild-images` (path -> MIME type); this
-- filter reads exactly those and puts them in pandoc's media bag.

function Meta(meta)
  local images = meta['docbuild-images'] or {}
  -- where a picture is read from when it is not at its path (a PDF figure's PNG, in build/)
  local files = meta['docbuild-image-files'] or {}
  for path, mime in pairs(images) do
    local file = files[path] and pandoc.utils.stringify(files[path]) or path
    local f = io.open(file, 'rb')
    if f then
      local contents = f:read('a')
      f:close()
      pandoc.mediabag.insert(path, pandoc.utils.stringify(mime), contents)
    end
  end
  meta['docbuild-images'] = nil
  meta['docbuild-image-files'] = nil
  return meta
end
