-- docbuild's last DOCX filter, after citeproc: the build's own settings out of the Word file.
--
-- pandoc's DOCX writer keeps every metadata field it has no place for as a custom document
-- property (docProps/custom.xml). `bibliography` and `csl` are absolute paths on the machine
-- that built it (the paper folder, the style's folder): they would travel with the file to the
-- journal, and the same paper built in two folders would give two files. citeproc has read
-- them by now; the author's own fields (abstract, dates) stay.

local BUILD_SETTINGS = { 'bibliography', 'csl', 'link-citations', 'citation-abbreviations' }

function Meta(meta)
  for _, key in ipairs(BUILD_SETTINGS) do
    meta[key] = nil
  end
  return meta
end
