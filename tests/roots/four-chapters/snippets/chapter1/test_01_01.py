# %%
assert True
